// A contract whose sync keeps failing (issue 16), end to end: real PostgreSQL, the real
// simulator with a persistent failure injected for one contract through its control API,
// the real engine. The contract becomes `failed` with its error, a diagnosis reason and
// metrics, the others keep syncing; once the failure stops it recovers by itself and its
// missing cells arrive, exactly.
#include "actors/actors.hpp"
#include "actors/engine.hpp"
#include "metrics/exposition.hpp"
#include "metrics/registry.hpp"
#include "sim/simulator.hpp"
#include "storage/sync_health.hpp"
#include "storage/sync_targets.hpp"
#include "storage/upwork_mapping_store.hpp"
#include "storage/upwork_status_store.hpp"
#include "tests/actors/engine_fixture.hpp"
#include "tests/metrics/exposition_parser.hpp"
#include "tests/support/http_client.hpp"

#include <algorithm>
#include <gtest/gtest.h>
#include <pqxx/pqxx>

using namespace upsync;
using upsync::testing::eventually;
using upsync::testing::syncs;
namespace health = upsync::storage::sync_health;

class engine_failure_test : public upsync::testing::simulated_engine {
protected:
  engine_failure_test() : simulated_engine(upsync::testing::small_engine_world(), "upsync-failure-test", {0u, 2u}) {
    control = std::make_unique<upsync::testing::http_client>(sim.port());
  }

  void start_engine() {
    simulated_engine::start_engine([this](sync::engine_settings& s) { s.metrics = registry; });
  }

  // The syncing contract of the agency with the most time in the import window.
  const sim::contract_record& pick_victim() {
    auto& w = sim.state().w;
    const sim::contract_record* best = nullptr;
    long long best_cells = 0;
    for (const auto& [org, c] : seeded.contracts) {
      if (org != 0 || !syncs(c))
        continue;
      long long cells = 0;
      for (const auto& t : w.totals(c, w.today() - import_days + 1, w.today()))
        cells += t.cells;
      if (cells > best_cells) {
        best = &c;
        best_cells = cells;
      }
    }
    if (!best)
      throw std::runtime_error("no syncing agency contract with time");
    return *best;
  }

  void inject(const std::string& contract, const std::string& mode) {
    auto r = control->post("/__control/contracts/" + contract + "/failure", R"({"mode":")" + mode + R"("})");
    ASSERT_EQ(r.status, 200u) << r.body;
  }

  bool others_imported(const std::string& victim) {
    for (const auto& [org, c] : seeded.contracts)
      if (syncs(c) && c.id != victim
          && scalar("SELECT count(*) FROM upwork_sync_cursors WHERE contract_id = '" + c.id
                    + "' AND import_state = 'done'")
               == 0)
        return false;
    return true;
  }

  health::contract_health health_of(const std::string& contract) {
    pqxx::connection db{url};
    pqxx::work tx{db};
    return health::read(tx, seeded.workspace_id, contract);
  }

  storage::upwork_status_store::contract_status status_of(const std::string& contract) {
    pqxx::connection db{url};
    pqxx::work tx{db};
    auto rows = storage::upwork_status_store::contracts(tx, seeded.workspace_id, {contract});
    if (rows.size() != 1)
      throw std::runtime_error("no status row for " + contract);
    return rows[0];
  }

  std::vector<std::string> reasons_of(const std::string& contract) {
    pqxx::connection db{url};
    pqxx::work tx{db};
    return *storage::upwork_store::diagnose(tx, seeded.workspace_id, contract);
  }

  upsync::testing::exposition scrape() { return upsync::testing::exposition{metrics::render(registry->collect())}; }

  std::unique_ptr<upsync::testing::http_client> control;
  std::shared_ptr<metrics::registry> registry = std::make_shared<metrics::registry>();
};

TEST_F(engine_failure_test, a_contract_failing_persistently_is_failed_with_its_error_and_recovers_when_it_stops) {
  const auto& victim = pick_victim();
  inject(victim.id, "graphql_error");
  start_engine();

  // Failing: after failing_after cycles in a row it shows failed; the others sync on.
  ASSERT_TRUE(eventually(
    [&] { return health_of(victim.id).failures_in_a_row >= health::failing_after && others_imported(victim.id); }));
  auto failing = health_of(victim.id);
  ASSERT_TRUE(failing.error);
  EXPECT_EQ(failing.error->code, "upwork_error");
  EXPECT_EQ(failing.error->message, "workDiaryContract: Upwork answered with a GraphQL error (ExecutionAborted)");
  EXPECT_GT(failing.error->at, 0);
  EXPECT_FALSE(failing.last_success_at); // it never synced
  auto status = status_of(victim.id);
  EXPECT_EQ(status.import_state, "failed");
  EXPECT_GE(status.failures_in_a_row, health::failing_after);
  auto reasons = reasons_of(victim.id);
  EXPECT_NE(std::find(reasons.begin(), reasons.end(), "sync_failing"), reasons.end());
  EXPECT_EQ(scalar("SELECT count(*) FROM upwork_cells WHERE contract_id = '" + victim.id + "'"), 0);
  for (const auto& [org, c] : seeded.contracts)
    if (syncs(c) && c.id != victim.id) {
      EXPECT_EQ(health_of(c.id).failures_in_a_row, 0) << c.id;
      EXPECT_EQ(status_of(c.id).import_state, "done") << c.id;
      EXPECT_TRUE(reasons_of(c.id).empty()) << c.id;
    }
  ASSERT_TRUE(eventually([&] {
    auto m = scrape();
    return m.sum("upsync_contracts_failing") == 1
           && m.sum("upsync_contract_sync_failures_total", {{"code", "upwork_error"}}) >= health::failing_after;
  }));
  EXPECT_EQ(scrape().sum("upsync_contract_sync_failures_total", {{"code", "database"}}), 0);

  // The failure stops: the contract recovers by itself and its cells arrive.
  inject(victim.id, "none");
  ASSERT_TRUE(eventually([&] { return health_of(victim.id).failures_in_a_row == 0 && imports_done(); }));
  auto recovered = health_of(victim.id);
  ASSERT_TRUE(recovered.error); // the last error stays, as history
  EXPECT_EQ(recovered.error->code, "upwork_error");
  ASSERT_TRUE(recovered.last_success_at);
  EXPECT_GE(*recovered.last_success_at, recovered.error->at);
  EXPECT_EQ(status_of(victim.id).import_state, "done");
  EXPECT_TRUE(reasons_of(victim.id).empty());
  ASSERT_TRUE(eventually([&] { return scrape().sum("upsync_contracts_failing") == 0; }));
  expect_synced_equals_truth();
  // No two intervals of a contract overlap: nothing was written twice.
  EXPECT_EQ(overlapping_intervals(), 0);
}

TEST_F(engine_failure_test, a_contract_answered_with_http_500_fails_as_unavailable) {
  const auto& victim = pick_victim();
  inject(victim.id, "http_500");
  start_engine();
  // 500s are retried by the client (with backoff) before the cycle fails: one is enough.
  ASSERT_TRUE(eventually([&] { return health_of(victim.id).failures_in_a_row >= 1; }, std::chrono::seconds(60)));
  auto h = health_of(victim.id);
  ASSERT_TRUE(h.error);
  EXPECT_EQ(h.error->code, "unavailable");
  EXPECT_EQ(h.error->message, "workDiaryContract: Upwork answered HTTP 500");
  EXPECT_EQ(h.error->message.find("html"), std::string::npos);
}
