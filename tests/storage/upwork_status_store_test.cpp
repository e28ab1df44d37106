// The status dashboard's rows in a real PostgreSQL: hours today in the workspace's time
// zone, import progress, the newest entries per contract, only the listed contracts of the
// caller's workspace.
#include "storage/upwork_status_store.hpp"
#include "tests/storage/upwork_fixture.hpp"
#include "tests/support/pg_cluster.hpp"

#include <gtest/gtest.h>
#include <pqxx/pqxx>

using namespace upsync::storage;
using upsync::testing::pg_cluster;
using upsync::testing::upwork_chain;

namespace {

class upwork_status_store_test : public ::testing::Test {
protected:
  upwork_status_store_test() : db(pg_cluster::shared().create_migrated_database()), tx(db) {
    a = upsync::testing::make_upwork_chain(tx, "A");
    b = upsync::testing::make_upwork_chain(tx, "B");
    tx.exec_params0("UPDATE workspaces SET timezone = 'Asia/Tokyo' WHERE id = $1", a.workspace_id);
    upsync::testing::add_contract(tx, a, "contract-2");
  }

  /// An interval of `contract` starting `offset` after midnight today in Tokyo.
  void interval(const upwork_chain& c, const std::string& contract, const std::string& offset,
                const std::string& length) {
    tx.exec_params0(
      "INSERT INTO time_intervals (workspace_id, member_id, project_id, started_at, ended_at,"
      " source, upwork_contract_id)"
      " SELECT $1, $2, $3, d + $4::interval, d + $4::interval + $5::interval, 'upwork', $6"
      " FROM (SELECT date_trunc('day', now() AT TIME ZONE 'Asia/Tokyo') AT TIME ZONE 'Asia/Tokyo' AS d) x",
      c.workspace_id, c.member_id, c.project_id, offset, length, contract);
  }

  pqxx::connection db;
  pqxx::work tx;
  upwork_chain a;
  upwork_chain b;
};

} // namespace

TEST_F(upwork_status_store_test, contracts_with_hours_today_and_import_progress) {
  interval(a, "contract-1", "1 hour", "45 minutes");
  interval(a, "contract-1", "-1 hour", "2 hours"); // started yesterday in Tokyo
  interval(b, "contract-1", "1 hour", "3 hours");  // the other workspace's
  tx.exec_params0("INSERT INTO upwork_sync_cursors (workspace_id, contract_id, import_state, days_total, days_done)"
                  " VALUES ($1, 'contract-1', 'running', 90, 12)",
                  a.workspace_id);

  EXPECT_TRUE(upwork_status_store::contracts(tx, a.workspace_id, {}).empty());
  auto rows = upwork_status_store::contracts(tx, a.workspace_id, {"contract-2", "contract-1", "nope"});
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].id, "contract-1");
  EXPECT_EQ(rows[0].organization_id, "org-1");
  EXPECT_EQ(rows[0].title, "Build it");
  EXPECT_EQ(rows[0].upwork_user_name, "Ada L");
  EXPECT_EQ(rows[0].project_id, a.project_id);
  EXPECT_EQ(rows[0].project_name, "Apollo");
  EXPECT_FALSE(rows[0].client_name);
  EXPECT_EQ(rows[0].hours_today, "0.75");
  EXPECT_EQ(rows[0].import_state, "running");
  EXPECT_EQ(rows[0].days_done, 12);
  EXPECT_EQ(rows[0].days_total, 90);
  EXPECT_EQ(rows[1].id, "contract-2");
  EXPECT_EQ(rows[1].hours_today, "0.00");
  EXPECT_EQ(rows[1].import_state, "pending"); // no cursor yet
}

TEST_F(upwork_status_store_test, a_contract_without_a_project_is_listed_with_its_upwork_status) {
  tx.exec_params0("UPDATE upwork_contracts SET project_id = NULL, status = 'paused'"
                  " WHERE workspace_id = $1 AND id = 'contract-2'",
                  a.workspace_id);
  auto rows = upwork_status_store::contracts(tx, a.workspace_id, {"contract-1", "contract-2"});
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].upwork_status, "active");
  EXPECT_EQ(rows[1].id, "contract-2");
  EXPECT_EQ(rows[1].upwork_status, "paused");
  EXPECT_FALSE(rows[1].project_id);
  EXPECT_FALSE(rows[1].project_name);
  EXPECT_FALSE(rows[1].client_name);
  EXPECT_EQ(rows[1].hours_today, "0.00");
}

TEST_F(upwork_status_store_test, recent_entries_newest_first_at_most_n_per_contract) {
  for (int i = 0; i < 5; ++i)
    interval(a, "contract-1", std::to_string(-i) + " days", "30 minutes");
  interval(a, "contract-2", "2 hours", "1 hour");
  interval(b, "contract-1", "3 hours", "1 hour");
  EXPECT_TRUE(upwork_status_store::recent_entries(tx, a.workspace_id, {}, 3).empty());
  auto rows = upwork_status_store::recent_entries(tx, a.workspace_id, {"contract-1", "contract-2"}, 3);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].contract_id, "contract-1");
  EXPECT_GT(rows[0].started_at, rows[1].started_at);
  EXPECT_GT(rows[1].started_at, rows[2].started_at);
  EXPECT_EQ(rows[0].hours, "0.50");
  EXPECT_EQ(rows[0].ended_at - rows[0].started_at, 1800);
  EXPECT_EQ(rows[0].member_id, a.member_id);
  EXPECT_EQ(rows[0].member_name, "Ada");
  EXPECT_EQ(rows[3].contract_id, "contract-2");
  EXPECT_EQ(rows[3].hours, "1.00");
}
