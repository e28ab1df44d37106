// Issue 16's acceptance for reconciliation, end to end: the real simulator, real
// PostgreSQL, the real engine and the real API in-process. After the first import, Upwork
// removes a cell of a day it can still change (the simulator's control API) and a manager
// deletes one synced interval of another day through the API; after the next cycle the
// contract's reconciliation shows `removed_upstream` and `changed_locally` on exactly those
// days, every other day of every contract is a `match`, the dashboard counts the two, and
// sync deleted or edited nothing (F14).
#include "actors/engine.hpp"
#include "domain/sync_windows.hpp"
#include "common/time_format.hpp"
#include "sim/simulator.hpp"
#include "tests/actors/engine_fixture.hpp"
#include "tests/http/api_fixture.hpp"

using namespace upsync;
using namespace upsync::testing;

namespace {

// The engine tests' world and secrets (tests/actors/engine_fixture); the API around it is
// api_fixture's, which a test cannot inherit together with simulated_engine.
const std::string& key_hex = simulated_engine::key_hex;
const std::string& client_secret = simulated_engine::client_secret;
const std::string client_id = "upsync-reconciliation-test";
constexpr int import_days = 14;

} // namespace

class reconciliation_engine_test : public api_fixture {
protected:
  reconciliation_engine_test() : sim(small_engine_world()) {
    http::add_upwork_status_routes(routes);
    http::add_upwork_reconciliation_routes(routes);
    sim.start();
    seeded = seed_sync_workspace(url, sim, key_hex, client_id, {0u});
    boss = add_member(seeded.workspace_id, "boss", storage::role::manager);
    control = std::make_unique<http_client>(sim.port());
  }

  ~reconciliation_engine_test() override { engine.reset(); }

  void start_engine() {
    auto s = simulator_engine_settings(sim, url, key_hex, client_id, client_secret);
    s.import_days = import_days;
    s.cycle_interval = std::chrono::milliseconds(200);
    engine = std::make_unique<sync::engine>(std::move(s));
    engine->start();
  }

  std::int64_t today() { return sim.state().w.today(); }
  std::string date(std::int64_t day) { return time_format::format_date(day); }

  json_doc reconciliation(const std::string& contract) {
    auto r = client->get("/api/v1/upwork/contracts/" + contract
                           + "/reconciliation?from=" + date(today() - import_days + 1) + "&to=" + date(today()),
                         boss.token);
    EXPECT_EQ(r.status, 200u) << r.body;
    return json_doc{r.body};
  }

  /// The day's entry of a reconciliation over the import window.
  static std::string at(std::int64_t index) { return "/days/" + std::to_string(index); }
  std::int64_t index_of(std::int64_t day) { return day - (today() - import_days + 1); }

  long long scalar(const std::string& sql) { return upsync::testing::scalar(url, sql); }

  sim::simulator sim;
  sync_seed seeded;
  seeded_member boss;
  std::unique_ptr<http_client> control;
  std::unique_ptr<sync::engine> engine;
};

TEST_F(reconciliation_engine_test, removed_upstream_and_deleted_locally_show_on_their_days_and_nothing_else) {
  // A syncing contract with time on a day Upwork can still change (the re-read window) and
  // on another day of the import window.
  auto& w = sim.state().w;
  auto reread = domain::reread_window(today());
  const sim::contract_record* picked = nullptr;
  std::int64_t removed_day = 0, deleted_day = 0;
  for (const auto& [org, c] : seeded.contracts) {
    if (!syncs(c) || picked)
      continue;
    std::vector<std::int64_t> days;
    for (const auto& t : w.totals(c, today() - import_days + 1, today() - 1))
      if (t.cells > 0)
        days.push_back(t.day);
    for (auto d : days)
      if (reread.contains(d) && !removed_day)
        removed_day = d;
    for (auto d : days)
      if (d != removed_day && !deleted_day)
        deleted_day = d;
    if (removed_day && deleted_day)
      picked = &c;
    else
      removed_day = deleted_day = 0;
  }
  ASSERT_NE(picked, nullptr) << "the data set should hold a contract with time on two days";
  const auto& c = *picked;

  start_engine();
  ASSERT_TRUE(eventually([&] { return imports_done(url, seeded); }));
  // Once imported and the reported totals flushed, every day of every contract matches.
  ASSERT_TRUE(eventually([&] {
    auto doc = reconciliation(c.id);
    return doc.integer(at(index_of(removed_day)) + "/upwork_seconds") > 0;
  }));
  for (const auto& [org, other] : seeded.contracts) {
    auto doc = reconciliation(other.id);
    for (std::int64_t i = 0; i < import_days; ++i)
      EXPECT_EQ(doc.str(at(i) + "/status"), "match") << other.id << " " << doc.str(at(i) + "/date");
  }
  auto intervals_before = scalar("SELECT count(*) FROM time_intervals");

  // Upwork removes the day's first cell (a dispute, an edit) ...
  auto gone = w.cells(c, removed_day).front().start_ms;
  auto removed = control->post("/__control/cells", R"({"contract":")" + c.id + R"(","date":")" + date(removed_day)
                                                     + R"(","remove":[)" + std::to_string(gone) + "]}");
  ASSERT_EQ(removed.status, 200u) << removed.body;
  // ... and a manager deletes one synced interval of another day.
  auto interval = scalar("SELECT min(id) FROM time_intervals WHERE upwork_contract_id = '" + c.id
                         + "' AND started_at >= to_timestamp(" + std::to_string(deleted_day * 86400)
                         + ") AND started_at < to_timestamp(" + std::to_string((deleted_day + 1) * 86400) + ")");
  ASSERT_GT(interval, 0);
  auto deleted_seconds = scalar("SELECT seconds FROM time_intervals WHERE id = " + std::to_string(interval));
  ASSERT_EQ(client->del("/api/v1/time-intervals/" + std::to_string(interval), boss.token).status, 204u);

  // The next cycle re-reads the changed day: the ledger marks the cell, the report drops.
  ASSERT_TRUE(eventually([&] {
    auto doc = reconciliation(c.id);
    return doc.str(at(index_of(removed_day)) + "/status") == "removed_upstream"
           && doc.integer(at(index_of(removed_day)) + "/upwork_seconds")
                < doc.integer(at(index_of(removed_day)) + "/synced_seconds");
  }));
  auto doc = reconciliation(c.id);
  for (std::int64_t i = 0; i < import_days; ++i) {
    auto day = today() - import_days + 1 + i;
    SCOPED_TRACE(doc.str(at(i) + "/date"));
    if (day == removed_day) {
      EXPECT_EQ(doc.integer(at(i) + "/removed_upstream_seconds"), 600);
      EXPECT_EQ(doc.integer(at(i) + "/changed_locally_seconds"), 0);
      EXPECT_EQ(doc.integer(at(i) + "/synced_seconds"), w.total(c, day).cells * 600 + 600); // still in the workspace
      EXPECT_NEAR(doc.integer(at(i) + "/upwork_seconds"), w.total(c, day).cells * 600, 36);
    } else if (day == deleted_day) {
      EXPECT_EQ(doc.str(at(i) + "/status"), "changed_locally");
      EXPECT_EQ(doc.integer(at(i) + "/changed_locally_seconds"), deleted_seconds);
      EXPECT_EQ(doc.integer(at(i) + "/removed_upstream_seconds"), 0);
    } else {
      EXPECT_EQ(doc.str(at(i) + "/status"), "match");
    }
  }
  for (const auto& [org, other] : seeded.contracts)
    if (other.id != c.id) {
      auto others = reconciliation(other.id);
      for (std::int64_t i = 0; i < import_days; ++i)
        EXPECT_EQ(others.str(at(i) + "/status"), "match") << other.id << " " << others.str(at(i) + "/date");
    }
  // The dashboard counts the two contract-days for the organization.
  auto status = client->get("/api/v1/upwork/status", boss.token);
  ASSERT_EQ(status.status, 200u) << status.body;
  EXPECT_EQ(json_doc{status.body}.integer("/organizations/0/reconciliation_mismatches"), 2);
  // Sync only reports (F14): the vanished cell's interval stays, the deleted one is not back.
  EXPECT_EQ(scalar("SELECT count(*) FROM time_intervals"), intervals_before - 1);
  EXPECT_EQ(scalar("SELECT count(*) FROM time_intervals WHERE id = " + std::to_string(interval)), 0);
}
