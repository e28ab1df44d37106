// The sync history's rows (issue 20): runs newest first and paged, idle cycles sharing one
// row, a run of an organization no longer there skipped, old runs pruned.
#include "storage/sync_history.hpp"
#include "tests/support/pg_cluster.hpp"

#include <gtest/gtest.h>
#include <pqxx/pqxx>

using namespace upsync::storage;
using upsync::testing::pg_cluster;

namespace {

struct sync_history_test : ::testing::Test {
  sync_history_test() : url(pg_cluster::shared().create_migrated_database()), db(url) {
    pqxx::work tx{db};
    ws = tx.exec1("INSERT INTO workspaces (name, timezone) VALUES ('History', 'UTC') RETURNING id")[0].as<db_id>();
    auto member = tx.exec_params1("INSERT INTO members (workspace_id, name, email, role)"
                                  " VALUES ($1, 'A', 'a@example.com', 'super_admin') RETURNING id",
                                  ws)[0]
                    .as<db_id>();
    auto connection =
      tx.exec_params1("INSERT INTO upwork_connections (workspace_id, created_by) VALUES ($1, $2) RETURNING id", ws,
                      member)[0]
        .as<db_id>();
    tx.exec_params0("INSERT INTO upwork_organizations (workspace_id, id, connection_id, name, type)"
                    " VALUES ($1, 'org', $2, 'Org', 'agency')",
                    ws, connection);
    tx.commit();
  }

  sync_history::run run_of(const std::string& kind, const std::string& result, std::int64_t at_ms,
                           std::int64_t cells = 0) {
    sync_history::run r;
    r.workspace_id = ws;
    r.organization_id = "org";
    r.kind = kind;
    r.result = result;
    r.started_at = at_ms - 500;
    r.finished_at = at_ms;
    r.cells_written = cells;
    r.contract_days_read = cells > 0 ? 1 : 0;
    r.requests = 1;
    return r;
  }

  std::string url;
  pqxx::connection db;
  db_id ws = 0;
};

constexpr std::int64_t t0 = 1'780'000'000'000; // Unix ms

TEST_F(sync_history_test, idle_cycles_share_a_row_and_anything_else_starts_one) {
  pqxx::work tx{db};
  sync_history::record(tx, {run_of("import", "succeeded", t0, 40), run_of("cycle", "succeeded", t0 + 1000),
                            run_of("cycle", "succeeded", t0 + 2000), run_of("cycle", "succeeded", t0 + 3000),
                            run_of("cycle", "failed", t0 + 4000), run_of("cycle", "succeeded", t0 + 5000)});
  auto runs = sync_history::list(tx, ws, "org", 10, std::nullopt);
  ASSERT_EQ(runs.size(), 4u);
  EXPECT_EQ(runs[0].result, "succeeded") << "a new idle row after the failure";
  EXPECT_EQ(runs[1].result, "failed");
  EXPECT_EQ(runs[2].cycles, 3) << "three idle cycles, one row";
  EXPECT_EQ(runs[2].started_at, t0 + 500);
  EXPECT_EQ(runs[2].finished_at, t0 + 3000);
  EXPECT_EQ(runs[2].requests, 3);
  EXPECT_EQ(runs[3].kind, "import") << "an import is never merged into";
  EXPECT_EQ(runs[3].cells_written, 40);
}

TEST_F(sync_history_test, pages_go_back_from_the_newest_and_errors_are_bounded) {
  pqxx::work tx{db};
  auto failed = run_of("refresh", "failed", t0);
  failed.error = std::string(2000, 'e');
  sync_history::record(tx, {failed, run_of("cycle", "succeeded", t0 + 1000, 5), run_of("cycle", "partial", t0 + 2000)});
  auto first = sync_history::list(tx, ws, "org", 2, std::nullopt);
  ASSERT_EQ(first.size(), 2u);
  auto rest = sync_history::list(tx, ws, "org", 2, first.back().id);
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(rest[0].kind, "refresh");
  EXPECT_EQ(rest[0].error->size(), 500u);
  EXPECT_TRUE(sync_history::list(tx, ws, "another-org", 10, std::nullopt).empty());
}

TEST_F(sync_history_test, a_gone_organization_is_skipped_and_old_runs_are_pruned) {
  pqxx::work tx{db};
  auto stranger = run_of("cycle", "failed", t0);
  stranger.organization_id = "gone";
  sync_history::record(tx, {stranger, run_of("cycle", "failed", t0), run_of("cycle", "failed", t0 + 86'400'000)});
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM upwork_sync_runs")[0].as<int>(), 2);
  EXPECT_EQ(sync_history::prune(tx, (t0 + 1000) / 1000), 1) << "the run older than the cut";
  EXPECT_EQ(sync_history::list(tx, ws, "org", 10, std::nullopt).size(), 1u);
}

} // namespace
