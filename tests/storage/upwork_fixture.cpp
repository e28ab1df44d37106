// Test setup for the Upwork tables (see upwork_fixture.hpp).
#include "tests/storage/upwork_fixture.hpp"

#include <pqxx/pqxx>

namespace upsync::testing {

using storage::db_id;

upwork_chain make_upwork_chain(pqxx::transaction_base& tx, const std::string& workspace_name) {
  upwork_chain c;
  c.workspace_id =
    tx.exec_params1("INSERT INTO workspaces (name) VALUES ($1) RETURNING id", workspace_name)[0].as<db_id>();
  c.member_id = tx.exec_params1("INSERT INTO members (workspace_id, name, email, role) "
                                "VALUES ($1, 'Ada', 'ada@example.com', 'manager') RETURNING id",
                                c.workspace_id)[0]
                  .as<db_id>();
  c.project_id = tx.exec_params1("INSERT INTO projects (workspace_id, name) VALUES ($1, 'Apollo') "
                                 "RETURNING id",
                                 c.workspace_id)[0]
                   .as<db_id>();
  c.connection_id = tx.exec_params1("INSERT INTO upwork_connections (workspace_id, created_by) "
                                    "VALUES ($1, $2) RETURNING id",
                                    c.workspace_id, c.member_id)[0]
                      .as<db_id>();
  c.organization_id = "org-1";
  tx.exec_params0("INSERT INTO upwork_organizations (workspace_id, id, connection_id, name, type) "
                  "VALUES ($1, $2, $3, 'Agency One', 'agency')",
                  c.workspace_id, c.organization_id, c.connection_id);
  c.upwork_user_id = "user-1";
  tx.exec_params0("INSERT INTO upwork_users (workspace_id, organization_id, upwork_user_id, name, "
                  "member_id, match, sync) VALUES ($1, $2, $3, 'Ada L', $4, 'exact', true)",
                  c.workspace_id, c.organization_id, c.upwork_user_id, c.member_id);
  c.contract_id = "contract-1";
  add_contract(tx, c, c.contract_id);
  return c;
}

void add_contract(pqxx::transaction_base& tx, const upwork_chain& chain, const std::string& contract_id) {
  tx.exec_params0("INSERT INTO upwork_contracts (workspace_id, id, organization_id, upwork_user_id, "
                  "title, status, kind, upwork_rate, project_id, sync, confirmed_at) "
                  "VALUES ($1, $2, $3, $4, 'Build it', 'active', 'hourly', 25.00, $5, true, now())",
                  chain.workspace_id, contract_id, chain.organization_id, chain.upwork_user_id, chain.project_id);
}

} // namespace upsync::testing
