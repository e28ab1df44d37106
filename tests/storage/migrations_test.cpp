// Migrations apply once, in order, twice in a row and from two processes at once.
#include "storage/migrations.hpp"
#include "tests/support/pg_cluster.hpp"

#include <gtest/gtest.h>
#include <pqxx/pqxx>
#include <sys/wait.h>
#include <unistd.h>

using upsync::storage::embedded_migrations;
using upsync::storage::migrate;
using upsync::testing::pg_cluster;

namespace {

int applied_count(const std::string& url) {
  pqxx::connection db{url};
  pqxx::nontransaction tx{db};
  return tx.exec1("SELECT count(*) FROM schema_migrations")[0].as<int>();
}

} // namespace

TEST(migrations, are_numbered_in_order_without_gaps) {
  const auto& all = embedded_migrations();
  ASSERT_FALSE(all.empty());
  for (std::size_t i = 0; i < all.size(); ++i)
    EXPECT_EQ(all[i].version, static_cast<int>(i + 1)) << all[i].name;
}

TEST(migrations, apply_every_migration_on_an_empty_database) {
  auto url = pg_cluster::shared().create_empty_database();
  pqxx::connection db{url};
  auto applied = migrate(db);
  EXPECT_EQ(applied.size(), embedded_migrations().size());
  EXPECT_EQ(applied_count(url), static_cast<int>(embedded_migrations().size()));
  pqxx::nontransaction tx{db};
  // The schema covers the whole product, workspace and Upwork side.
  for (const char* table : {"workspaces", "members", "api_tokens", "projects", "time_intervals", "upwork_connections",
                            "upwork_organizations", "upwork_users", "upwork_contracts", "upwork_contract_rates",
                            "upwork_cells", "upwork_day_totals", "upwork_sync_cursors"})
    EXPECT_FALSE(tx.exec_params1("SELECT to_regclass($1)", std::string{table})[0].is_null()) << table;
}

TEST(migrations, running_twice_applies_nothing_the_second_time) {
  auto url = pg_cluster::shared().create_empty_database();
  pqxx::connection db{url};
  migrate(db);
  EXPECT_TRUE(migrate(db).empty());
  EXPECT_EQ(applied_count(url), static_cast<int>(embedded_migrations().size()));
}

TEST(migrations, two_processes_at_once_apply_each_migration_exactly_once) {
  auto url = pg_cluster::shared().create_empty_database();
  constexpr int processes = 4;
  std::vector<pid_t> children;
  for (int i = 0; i < processes; ++i) {
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      try {
        pqxx::connection db{url};
        migrate(db);
        ::_exit(0);
      } catch (...) {
        ::_exit(1);
      }
    }
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  EXPECT_EQ(applied_count(url), static_cast<int>(embedded_migrations().size()));
}

TEST(migrations, a_failing_migration_leaves_no_trace) {
  auto url = pg_cluster::shared().create_empty_database();
  std::vector<upsync::storage::migration> broken = {
    {1, "0001_ok", "CREATE TABLE ok_table (id int)"},
    {2, "0002_broken", "CREATE TABLE half_done (id int); SELECT no_such_function()"},
  };
  pqxx::connection db{url};
  EXPECT_THROW(migrate(db, broken), std::exception);
  pqxx::nontransaction tx{db};
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM schema_migrations")[0].as<int>(), 1);
  EXPECT_TRUE(tx.exec1("SELECT to_regclass('half_done')")[0].is_null());
}
