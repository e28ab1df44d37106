// Wizard step 3 in a real PostgreSQL: what the review lists per workspace, and what confirm
// writes — members and projects mapped, mappings locked, contracts confirmed once, cursors.
#include "storage/sync_cursor_store.hpp"
#include "storage/sync_targets.hpp"
#include "storage/upwork_mapping_store.hpp"
#include "storage/upwork_rate_history.hpp"
#include "storage/upwork_rate_store.hpp"
#include "storage/upwork_review_store.hpp"
#include "tests/storage/upwork_fixture.hpp"
#include "tests/support/pg_cluster.hpp"

#include <gtest/gtest.h>
#include <pqxx/pqxx>

using namespace upsync::storage;
using upsync::testing::pg_cluster;
using upsync::testing::upwork_chain;

namespace {

class upwork_review_store_test : public ::testing::Test {
protected:
  upwork_review_store_test() : db(pg_cluster::shared().create_migrated_database()), tx(db) {
    a = upsync::testing::make_upwork_chain(tx, "A");
    b = upsync::testing::make_upwork_chain(tx, "B");
    // As step 2 leaves them in A: contract-1 chosen but not confirmed, contract-2 with an
    // inline project, user-2 "create new member" with contract-3, and contract-4 whose sync is off.
    tx.exec_params0("UPDATE upwork_contracts SET confirmed_at = NULL WHERE workspace_id = $1", a.workspace_id);
    upsync::testing::add_contract(tx, a, "contract-2");
    tx.exec_params0("UPDATE upwork_contracts SET project_id = NULL, confirmed_at = NULL, create_project ="
                    " '{\"name\": \"Inline\", \"client_name\": \"Globex\", \"billable\": true}'::jsonb"
                    " WHERE workspace_id = $1 AND id = 'contract-2'",
                    a.workspace_id);
    tx.exec_params0("INSERT INTO upwork_users (workspace_id, organization_id, upwork_user_id, name, sync,"
                    " create_member_name, create_member_email)"
                    " VALUES ($1, 'org-1', 'user-2', 'Bo', true, 'Bo New', 'bo@example.com')",
                    a.workspace_id);
    tx.exec_params0("INSERT INTO upwork_contracts (workspace_id, id, organization_id, upwork_user_id, title,"
                    " status, kind, upwork_rate, project_id, sync)"
                    " VALUES ($1, 'contract-3', 'org-1', 'user-2', 'Bo works', 'active', 'hourly', 30, $2, true),"
                    "        ($1, 'contract-4', 'org-1', 'user-1', 'Off', 'active', 'hourly', 30, $2, false)",
                    a.workspace_id, a.project_id);
    upwork_rate_store::set_step(tx, a.workspace_id, "contract-1", "pay", 20000, std::string{"20.00"}, "USD");
    upwork_rate_store::set_step(tx, a.workspace_id, "contract-1", "pay", 20010, std::string{"22.00"}, "USD");
  }

  bool confirmed(const std::string& contract) {
    return upwork_store::find_contract(tx, a.workspace_id, contract)->confirmed_at.has_value();
  }

  pqxx::connection db;
  pqxx::work tx;
  upwork_chain a;
  upwork_chain b;
};

} // namespace

TEST_F(upwork_review_store_test, review_lists_the_workspace_s_decisions) {
  auto link = upwork_review_store::members_to_link(tx, a.workspace_id);
  ASSERT_EQ(link.size(), 1u);
  EXPECT_EQ(link[0].upwork_user_id, "user-1");
  EXPECT_EQ(link[0].member_id, a.member_id);

  auto create = upwork_review_store::members_to_create(tx, a.workspace_id);
  ASSERT_EQ(create.size(), 1u);
  EXPECT_EQ(create[0].upwork_user_id, "user-2");
  EXPECT_EQ(create[0].email, "bo@example.com");

  auto contracts = upwork_review_store::contracts_to_sync(tx, a.workspace_id);
  ASSERT_EQ(contracts.size(), 3u); // contract-4's sync is off
  EXPECT_EQ(contracts[0].id, "contract-1");
  EXPECT_EQ(contracts[0].project_name, "Apollo");
  EXPECT_EQ(contracts[0].pay_rate, "22.00");  // the latest entered
  EXPECT_EQ(contracts[0].bill_rate, "25.00"); // agency: Upwork's rate
  EXPECT_FALSE(contracts[0].confirmed);
  EXPECT_EQ(contracts[1].id, "contract-2");
  EXPECT_FALSE(contracts[1].project_id);
  EXPECT_EQ(contracts[1].project_name, "Inline");
  EXPECT_EQ(contracts[2].id, "contract-3");

  auto projects = upwork_review_store::projects_to_create(tx, a.workspace_id);
  ASSERT_EQ(projects.size(), 1u);
  EXPECT_EQ(projects[0].contract_id, "contract-2");
  EXPECT_EQ(projects[0].client_name, "Globex");
  EXPECT_TRUE(projects[0].billable);

  // B has only its own, already confirmed contract; nothing of A.
  auto other = upwork_review_store::contracts_to_sync(tx, b.workspace_id);
  ASSERT_EQ(other.size(), 1u);
  EXPECT_TRUE(other[0].confirmed);
  EXPECT_TRUE(upwork_review_store::members_to_create(tx, b.workspace_id).empty());

  // A deselected organization is not reviewed.
  tx.exec_params0("UPDATE upwork_organizations SET selected = false WHERE workspace_id = $1", a.workspace_id);
  EXPECT_TRUE(upwork_review_store::contracts_to_sync(tx, a.workspace_id).empty());
  EXPECT_TRUE(upwork_review_store::members_to_link(tx, a.workspace_id).empty());
}

TEST_F(upwork_review_store_test, confirm_confirms_only_mapped_contracts_once) {
  EXPECT_TRUE(upwork_store::list_sync_targets(tx, a.workspace_id, "org-1").empty());

  // Without a member for user-2 and a project for contract-2, only contract-1 is ready.
  EXPECT_EQ(upwork_review_store::confirm_contracts(tx, a.workspace_id), std::set<std::string>{"contract-1"});
  EXPECT_TRUE(confirmed("contract-1"));
  EXPECT_FALSE(confirmed("contract-2"));
  EXPECT_FALSE(confirmed("contract-4"));

  auto bo =
    tx.exec_params1(
        "INSERT INTO members (workspace_id, name, email, role) VALUES ($1, 'Bo New', 'bo@example.com', 'member')"
        " RETURNING id",
        a.workspace_id)[0]
      .as<db_id>();
  upwork_review_store::members_created(tx, a.workspace_id, {{"org-1", "user-2", bo}});
  auto inline_project =
    tx.exec_params1("INSERT INTO projects (workspace_id, name) VALUES ($1, 'Inline') RETURNING id", a.workspace_id)[0]
      .as<db_id>();
  upwork_review_store::projects_created(tx, a.workspace_id, {{"contract-2", inline_project}});
  EXPECT_TRUE(upwork_review_store::members_to_create(tx, a.workspace_id).empty());
  EXPECT_TRUE(upwork_review_store::projects_to_create(tx, a.workspace_id).empty());
  EXPECT_EQ(upwork_store::find_contract(tx, a.workspace_id, "contract-2")->mapping.project_id, inline_project);

  upwork_review_store::lock_mappings(tx, a.workspace_id);
  EXPECT_EQ(upwork_review_store::confirm_contracts(tx, a.workspace_id),
            (std::set<std::string>{"contract-2", "contract-3"}));
  EXPECT_TRUE(upwork_review_store::confirm_contracts(tx, a.workspace_id).empty()); // once
  EXPECT_EQ(upwork_store::list_sync_targets(tx, a.workspace_id, "org-1").size(), 3u);
  for (const auto* id : {"contract-1", "contract-2", "contract-3"})
    EXPECT_TRUE(upwork_store::find_contract(tx, a.workspace_id, id)->mapping.locked) << id;
  EXPECT_FALSE(upwork_store::find_contract(tx, a.workspace_id, "contract-4")->mapping.locked);
  EXPECT_EQ(tx.exec_params1("SELECT count(*) FROM upwork_users WHERE workspace_id = $1 AND locked", a.workspace_id)[0]
              .as<int>(),
            2);
  EXPECT_TRUE(upwork_review_store::members_to_link(tx, a.workspace_id).empty()); // locked now

  // Edits after confirm keep the confirmation: sync off and on again syncs at once.
  tx.exec_params0("UPDATE upwork_contracts SET sync = false WHERE workspace_id = $1 AND id = 'contract-1'",
                  a.workspace_id);
  EXPECT_EQ(upwork_store::list_sync_targets(tx, a.workspace_id, "org-1").size(), 2u);
  tx.exec_params0("UPDATE upwork_contracts SET sync = true WHERE workspace_id = $1 AND id = 'contract-1'",
                  a.workspace_id);
  EXPECT_EQ(upwork_store::list_sync_targets(tx, a.workspace_id, "org-1").size(), 3u);
  // B untouched.
  EXPECT_EQ(
    tx.exec_params1("SELECT count(*) FROM upwork_contracts WHERE workspace_id = $1 AND locked", b.workspace_id)[0]
      .as<int>(),
    0);
}

TEST_F(upwork_review_store_test, import_cursors_start_once) {
  EXPECT_TRUE(upwork_review_store::start_import_cursors(tx, a.workspace_id, {}, 90).empty());
  EXPECT_EQ(upwork_review_store::start_import_cursors(tx, a.workspace_id, {"contract-1", "contract-2"}, 90),
            (std::set<std::string>{"contract-1", "contract-2"}));
  EXPECT_EQ(upwork_review_store::start_import_cursors(tx, a.workspace_id, {"contract-1", "contract-3"}, 30),
            std::set<std::string>{"contract-3"});
  auto c1 = upwork_store::load_cursor(tx, a.workspace_id, "contract-1");
  ASSERT_TRUE(c1);
  EXPECT_EQ(c1->import_state, "pending");
  EXPECT_EQ(c1->days_total, 90); // kept
  EXPECT_FALSE(upwork_store::load_cursor(tx, b.workspace_id, "contract-1"));
}
