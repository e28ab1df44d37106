// `upsyncd migrate` and `upsyncd workspace create`: the bootstrap commands.
#include "app/commands.hpp"
#include "storage/migrations.hpp"
#include "storage/workspace_store.hpp"

#include <iostream>
#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

namespace upsync::app {

int run_migrate(const config& cfg) {
  cfg.require({"UPSYNC_DATABASE_URL"});
  pqxx::connection db{cfg.database_url};
  auto applied = storage::migrate(db);
  for (int version : applied)
    spdlog::info("migration_applied version={}", version);
  std::cout << (applied.empty() ? "database schema is up to date"
                                : "applied " + std::to_string(applied.size()) + " migration(s)")
            << "\n";
  return 0;
}

int run_workspace_create(const config& cfg, const workspace_create_args& args) {
  cfg.require({"UPSYNC_DATABASE_URL"});
  pqxx::connection db{cfg.database_url};
  pqxx::work tx{db};
  auto workspace = storage::workspace_store::create_workspace(tx, args.name, args.timezone);
  auto admin = storage::workspace_store::create_member(tx, workspace.id, args.admin_name, args.admin_email,
                                                       storage::role::super_admin);
  auto token = storage::workspace_store::issue_token(tx, workspace.id, admin.id);
  tx.commit();
  std::cout << "workspace " << workspace.id << " \"" << workspace.name << "\" created\n"
            << "super admin member " << admin.id << " <" << admin.email << ">\n"
            << "API token (shown once):\n"
            << token << std::endl;
  return 0;
}

} // namespace upsync::app
