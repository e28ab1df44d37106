// Crash test: upsyncd is SIGKILLed during a large import and PostgreSQL restarted under it; the end state equals the truth.
#include "sim/simulator.hpp"
#include "storage/secrets.hpp"
#include "tests/actors/sync_seed.hpp"
#include "tests/support/pg_cluster.hpp"
#include "tests/support/process.hpp"

#include <chrono>
#include <csignal>
#include <gtest/gtest.h>
#include <map>
#include <pqxx/pqxx>
#include <random>
#include <set>
#include <spdlog/spdlog.h>
#include <thread>

using namespace upsync;
using upsync::testing::child_process;
using upsync::testing::eventually;
using upsync::testing::pg_cluster;
using upsync::testing::syncs;

namespace {

const std::string key_hex(64, 'd');
const std::string client_id = "upsync-crash-test";
const std::string client_secret = "crash-secret";

constexpr int import_days = 30;
constexpr int kills_wanted = 20;
constexpr int pg_restart_round = 6; // PostgreSQL restarts in the round after this many kills
constexpr int max_rounds = 40;      // kills that miss the import do not count; give up after this many

// The request budget, not the CPU, paces the import, so its length (over 25 rounds of
// kills) hardly depends on how busy the machine is.
const std::string max_rps = "80";

using clock_type = std::chrono::steady_clock;

// 4 vendor organizations (0, 2, 4, 6: agency, freelancer, agency, freelancer) with 24
// contracts each; clients sit at the odd indexes and are not selected.
sim::sim_options sim_options() {
  sim::sim_options o;
  o.scale.seed = 2024;
  o.scale.orgs = 8;
  o.scale.members_per_org = 4;
  o.scale.contracts_per_org = 12;
  o.scale.days = import_days;
  o.frozen_clock = true; // starts at the real now, so the daemon's wall-clock today agrees
  o.oauth.client_secret = client_secret;
  return o;
}

} // namespace

class engine_crash_test : public ::testing::Test {
protected:
  engine_crash_test() : sim(sim_options()) {
    spdlog::set_level(spdlog::level::warn); // the simulator logs every request at info
    sim.start();
    url = pg_cluster::shared().create_migrated_database();
    seed();
  }

  void seed() {
    auto seeded = upsync::testing::seed_sync_workspace(url, sim, key_hex, client_id, {0u, 2u, 4u, 6u});
    ws = seeded.workspace_id;
    for (auto& [org, c] : seeded.contracts)
      contracts.push_back(std::move(c));
  }

  std::unique_ptr<child_process> start_daemon() {
    std::map<std::string, std::string> env{
      {"UPSYNC_DATABASE_URL", url},
      {"UPSYNC_SECRET_KEY", key_hex},
      {"UPSYNC_HTTP_ADDRESS", "127.0.0.1:0"},
      {"UPSYNC_UPWORK_CLIENT_ID", client_id},
      {"UPSYNC_UPWORK_CLIENT_SECRET", client_secret},
      {"UPSYNC_UPWORK_TOKEN_URL", sim.base_url() + "/api/v3/oauth2/token"},
      {"UPSYNC_UPWORK_GRAPHQL_URL", sim.base_url() + "/graphql"},
      {"UPSYNC_IMPORT_DAYS", std::to_string(import_days)},
      {"UPSYNC_SYNC_INTERVAL_SECONDS", "1"},
      {"UPSYNC_UPWORK_MAX_RPS", max_rps},
      {"UPSYNC_LOG_LEVEL", "warn"},
    };
    auto daemon = std::make_unique<child_process>(std::vector<std::string>{UPSYNCD_PATH, "serve"}, env);
    // The engine starts before the HTTP server, so this line means the import is under way.
    EXPECT_NE(daemon->read_line_containing("listening on"), "") << "upsyncd did not start";
    return daemon;
  }

  // Counts in one connection; PostgreSQL may be restarting, so a failure reads as -1.
  long long scalar(const std::string& sql) {
    try {
      pqxx::connection db{url};
      pqxx::nontransaction tx{db};
      auto r = tx.exec1(sql);
      return r[0].is_null() ? 0 : r[0].as<long long>();
    } catch (const std::exception&) {
      return -1;
    }
  }

  long long ledger_cells() { return scalar("SELECT count(*) FROM upwork_cells"); }

  long long syncing_contracts() const {
    long long n = 0;
    for (const auto& c : contracts)
      n += syncs(c);
    return n;
  }

  long long truth_cells() {
    auto& w = sim.state().w;
    long long n = 0;
    for (const auto& c : contracts)
      if (syncs(c))
        for (auto day = w.today() - import_days + 1; day <= w.today(); ++day)
          n += w.total(c, day).cells;
    return n;
  }

  bool imports_done() {
    return scalar("SELECT count(*) FROM upwork_sync_cursors WHERE import_state = 'done'") == syncing_contracts();
  }

  sim::simulator sim;
  std::string url;
  long long ws = 0;
  std::vector<sim::contract_record> contracts;
};

TEST_F(engine_crash_test, sigkills_and_a_postgres_restart_during_the_import_lose_and_duplicate_nothing) {
  // The daemon's today is the wall clock, the simulator's is frozen at its start: the run
  // must not cross midnight UTC.
  auto seconds_into_day = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count()
                          % 86400;
  if (seconds_into_day > 86400 - 300)
    GTEST_SKIP() << "too close to midnight UTC: the daemon's today would move while the simulator's is frozen";

  auto started = clock_type::now();
  const long long truth = truth_cells();
  ASSERT_GT(truth, 2000) << "the import should be large";
  std::mt19937 rng{20240611};
  // Two kinds of moment: any time after start (startup, the time report, the first
  // fetches), and just after commits have begun (batches in flight, COMMIT under way).
  std::uniform_int_distribution<int> after_start_ms{50, 800};
  std::uniform_int_distribution<int> after_progress_ms{0, 250};

  int kills_mid_import = 0, rounds = 0;
  bool pg_restarted = false;
  long long before = 0;
  while (kills_mid_import < kills_wanted && rounds < max_rounds) {
    ++rounds;
    auto daemon = start_daemon();
    if (kills_mid_import == pg_restart_round && !pg_restarted) {
      // PostgreSQL goes away under a running import; the same daemon must carry on alone.
      ASSERT_TRUE(eventually([&] { return ledger_cells() > before; }, std::chrono::seconds(60)))
        << "no progress before the PostgreSQL restart";
      auto at_restart = ledger_cells();
      pg_cluster::shared().restart();
      pg_restarted = true;
      ASSERT_TRUE(eventually([&] { return ledger_cells() > at_restart; }, std::chrono::seconds(60)))
        << "the daemon did not resume writing after PostgreSQL came back";
    }
    const char* moment = "after start";
    if (rounds % 2 == 0) {
      moment = "after progress";
      EXPECT_TRUE(eventually([&] { return ledger_cells() > before; }, std::chrono::seconds(60)))
        << "round " << rounds << " made no progress";
    }
    int delay = rounds % 2 == 0 ? after_progress_ms(rng) : after_start_ms(rng);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay)); // the random moment
    EXPECT_EQ(daemon->stop(SIGKILL), 128 + SIGKILL);
    auto now = ledger_cells();
    bool mid_import = now < truth;
    kills_mid_import += mid_import;
    std::printf("round %d: killed %d ms %s, %s, ledger %lld of %lld cells\n", rounds, delay, moment,
                mid_import ? "mid-import" : "after the import", now, truth);
    before = now;
  }
  EXPECT_TRUE(pg_restarted);
  EXPECT_GE(kills_mid_import, kills_wanted) << "the import finished too early; make it larger";

  // The last run finishes the import and one more cycle, then stops cleanly.
  {
    auto daemon = start_daemon();
    ASSERT_TRUE(eventually([&] { return imports_done(); }, std::chrono::seconds(120))) << "the import never finished";
    auto done_at = scalar("SELECT (extract(epoch FROM now()) * 1000)::bigint");
    ASSERT_TRUE(eventually(
      [&] {
        return scalar("SELECT count(*) FROM upwork_organizations WHERE last_synced_at > to_timestamp("
                      + std::to_string(done_at) + " / 1000.0)")
               == 4;
      },
      std::chrono::seconds(30)))
      << "no further cycle after the import";
    EXPECT_EQ(daemon->stop(SIGTERM), 0);
  }

  // Per contract and UTC day: ledger cells and interval seconds against the truth.
  pqxx::connection db{url};
  pqxx::nontransaction tx{db};
  std::map<std::pair<std::string, long long>, long long> cells, seconds;
  for (const auto& r : tx.exec("SELECT contract_id, extract(epoch FROM cell_start)::bigint / 86400, count(*) "
                               "FROM upwork_cells WHERE vanished_at IS NULL GROUP BY 1, 2"))
    cells[{r[0].as<std::string>(), r[1].as<long long>()}] = r[2].as<long long>();
  for (const auto& r : tx.exec("SELECT upwork_contract_id, extract(epoch FROM started_at)::bigint / 86400, sum(seconds) "
                               "FROM time_intervals GROUP BY 1, 2"))
    seconds[{r[0].as<std::string>(), r[1].as<long long>()}] = r[2].as<long long>();
  auto& w = sim.state().w;
  std::set<std::pair<std::string, long long>> checked;
  for (const auto& c : contracts) {
    for (auto day = w.today() - import_days + 1; day <= w.today(); ++day) {
      long long want = syncs(c) ? w.total(c, day).cells : 0;
      std::pair<std::string, long long> key{c.id, day};
      EXPECT_EQ(cells.count(key) ? cells[key] : 0, want) << "ledger cells of contract " << c.id << " day " << day;
      EXPECT_EQ(seconds.count(key) ? seconds[key] : 0, want * 600) << "seconds of contract " << c.id << " day " << day;
      checked.insert(key);
    }
  }
  // Nothing outside the window or of another contract.
  for (const auto& [key, n] : cells)
    EXPECT_TRUE(checked.count(key)) << "unexpected ledger cells: contract " << key.first << " day " << key.second;
  for (const auto& [key, n] : seconds)
    EXPECT_TRUE(checked.count(key)) << "unexpected intervals: contract " << key.first << " day " << key.second;

  EXPECT_EQ(tx.exec1("SELECT count(*) FROM upwork_cells")[0].as<long long>(), truth);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM upwork_cells WHERE vanished_at IS NOT NULL")[0].as<long long>(), 0);
  // No two intervals of a contract overlap.
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM time_intervals a JOIN time_intervals b "
                     "ON a.upwork_contract_id = b.upwork_contract_id AND a.id < b.id "
                     "AND a.started_at < b.ended_at AND b.started_at < a.ended_at")[0]
              .as<long long>(),
            0);
  // Every ledger cell points at an interval that exists and holds it ...
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM upwork_cells c LEFT JOIN time_intervals i ON i.id = c.interval_id "
                     "WHERE i.id IS NULL OR c.cell_start < i.started_at OR c.cell_start >= i.ended_at "
                     "OR i.upwork_contract_id <> c.contract_id")[0]
              .as<long long>(),
            0);
  // ... and every interval is exactly its ledger cells: no interval was written twice.
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM time_intervals i WHERE i.seconds <> 600 * "
                     "(SELECT count(*) FROM upwork_cells c WHERE c.interval_id = i.id)")[0]
              .as<long long>(),
            0);
  // Paused, closed and fixed-price contracts have nothing, not even a cursor.
  for (const auto& c : contracts) {
    if (syncs(c))
      continue;
    EXPECT_EQ(tx.exec_params1("SELECT (SELECT count(*) FROM upwork_cells WHERE contract_id = $1) + "
                              "(SELECT count(*) FROM time_intervals WHERE upwork_contract_id = $1) + "
                              "(SELECT count(*) FROM upwork_sync_cursors WHERE contract_id = $1)",
                              c.id)[0]
                .as<long long>(),
              0)
      << c.id;
  }

  auto took = std::chrono::duration_cast<std::chrono::seconds>(clock_type::now() - started).count();
  std::printf("%d rounds, %d kills mid-import, PostgreSQL restarted %s, %lld cells, %llds\n", rounds,
              kills_mid_import, pg_restarted ? "once" : "never", truth, static_cast<long long>(took));
}
