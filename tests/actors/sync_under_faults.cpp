#include "tests/actors/sync_under_faults.hpp"

#include "tests/actors/sync_seed.hpp"
#include "tests/support/pg_cluster.hpp"

#include <chrono>
#include <csignal>
#include <pqxx/pqxx>
#include <set>
#include <spdlog/spdlog.h>

namespace upsync::testing {

const std::string sync_under_faults::key_hex(64, 'd');
const std::string sync_under_faults::client_id = "upsync-crash-test";

namespace {

const std::string client_secret = "crash-secret";

// The request budget, not the CPU, paces the import, so its length hardly depends on how
// busy the machine is. upsyncd's default 8/s: since diary reads are batched ten contract-days
// a request (issue 19), 8/s gives the import the ~10 s that 80/s gave it one day a request,
// long enough for the crash test's 20 kills to land mid-import.
const std::string max_rps = "8";

// 4 vendor organizations (0, 2, 4, 6: agency, freelancer, agency, freelancer); clients
// sit at the odd indexes and are not selected.
sim::sim_options options(int contracts_per_org) {
  sim::sim_options o;
  o.scale.seed = 2024;
  o.scale.orgs = 8;
  o.scale.members_per_org = 4;
  o.scale.contracts_per_org = contracts_per_org;
  o.scale.days = sync_under_faults::import_days;
  o.frozen_clock = true; // starts at the real now, so the daemon's wall-clock today agrees
  o.oauth.client_secret = client_secret;
  return o;
}

} // namespace

sync_under_faults::sync_under_faults(int contracts_per_org) : sim(options(contracts_per_org)) {
  spdlog::set_level(spdlog::level::warn); // the simulator logs every request at info
  sim.start();
  url = pg_cluster::shared().create_migrated_database();
  auto seeded = seed_sync_workspace(url, sim, key_hex, client_id, {0u, 2u, 4u, 6u});
  ws = seeded.workspace_id;
  connection_id = seeded.connection_id;
  for (auto& [org, c] : seeded.contracts)
    contracts.push_back(std::move(c));
}

sync_under_faults::~sync_under_faults() { sim.stop(); }

std::unique_ptr<child_process> sync_under_faults::start_daemon() {
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
    // Every request counted in PostgreSQL through SIGKILLs and PostgreSQL's restarts, at a
    // daily budget no 1-s cycle here comes near (pacing: tests/actors/cycle_pacing_test).
    {"UPSYNC_UPWORK_DAILY_REQUESTS", "10000000"},
    {"UPSYNC_UPWORK_MAX_RPS", max_rps},
    {"UPSYNC_LOG_LEVEL", "warn"},
  };
  for (const auto& [k, v] : extra_env)
    env[k] = v;
  auto daemon = std::make_unique<child_process>(std::vector<std::string>{UPSYNCD_PATH, "serve"}, env);
  EXPECT_NE(daemon->read_line_containing("listening on"), "") << "upsyncd did not start";
  return daemon;
}

long long sync_under_faults::scalar(const std::string& sql) {
  try {
    pqxx::connection db{url};
    pqxx::nontransaction tx{db};
    auto r = tx.exec1(sql);
    return r[0].is_null() ? 0 : r[0].as<long long>();
  } catch (const std::exception&) {
    return -1;
  }
}

long long sync_under_faults::syncing_contracts() const {
  long long n = 0;
  for (const auto& c : contracts)
    n += syncs(c);
  return n;
}

long long sync_under_faults::truth_cells() {
  auto& w = sim.state().w;
  long long n = 0;
  for (const auto& c : contracts)
    if (syncs(c))
      for (auto day = w.today() - import_days + 1; day <= w.today(); ++day)
        n += w.total(c, day).cells;
  return n;
}

bool sync_under_faults::imports_done() {
  return scalar("SELECT count(*) FROM upwork_sync_cursors WHERE import_state = 'done'") == syncing_contracts();
}

bool sync_under_faults::cycle_after(long long epoch_ms) {
  return scalar("SELECT count(*) FROM upwork_organizations WHERE last_synced_at > to_timestamp("
                + std::to_string(epoch_ms) + " / 1000.0)")
         == 4;
}

void sync_under_faults::finish_calmly() {
  auto daemon = start_daemon();
  ASSERT_TRUE(eventually([&] { return imports_done(); }, std::chrono::seconds(180))) << "the import never finished";
  auto done_at = db_now_ms();
  ASSERT_TRUE(eventually([&] { return cycle_after(done_at); }, std::chrono::seconds(60)))
    << "no further cycle after the import";
  EXPECT_EQ(daemon->stop(SIGTERM), 0);
}

bool sync_under_faults::near_midnight(int margin_seconds) {
  auto seconds_into_day =
    std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count()
    % 86400;
  return seconds_into_day > 86400 - margin_seconds;
}

void sync_under_faults::expect_truth(const std::vector<edited_interval>& edits) {
  pqxx::connection db{url};
  pqxx::nontransaction tx{db};
  using key = std::pair<std::string, long long>;
  std::map<key, long long> cells, seconds, adjustment;
  std::set<long long> edited_ids;
  for (const auto& e : edits) {
    adjustment[{e.contract_id, e.day}] += e.seconds_after - e.seconds_before;
    edited_ids.insert(e.id);
  }
  for (const auto& r : tx.exec("SELECT contract_id, extract(epoch FROM cell_start)::bigint / 86400, count(*) "
                               "FROM upwork_cells WHERE vanished_at IS NULL GROUP BY 1, 2"))
    cells[{r[0].as<std::string>(), r[1].as<long long>()}] = r[2].as<long long>();
  for (const auto& r :
       tx.exec("SELECT upwork_contract_id, extract(epoch FROM started_at)::bigint / 86400, sum(seconds) "
               "FROM time_intervals GROUP BY 1, 2"))
    seconds[{r[0].as<std::string>(), r[1].as<long long>()}] = r[2].as<long long>();
  auto& w = sim.state().w;
  std::set<key> checked;
  for (const auto& c : contracts) {
    for (auto day = w.today() - import_days + 1; day <= w.today(); ++day) {
      long long want = syncs(c) ? w.total(c, day).cells : 0;
      key k{c.id, day};
      EXPECT_EQ(cells.count(k) ? cells[k] : 0, want) << "ledger cells of contract " << c.id << " day " << day;
      EXPECT_EQ(seconds.count(k) ? seconds[k] : 0, want * 600 + adjustment[k])
        << "seconds of contract " << c.id << " day " << day;
      checked.insert(k);
    }
  }
  // Nothing outside the window or of another contract.
  for (const auto& [k, n] : cells)
    EXPECT_TRUE(checked.count(k)) << "unexpected ledger cells: contract " << k.first << " day " << k.second;
  for (const auto& [k, n] : seconds)
    EXPECT_TRUE(checked.count(k)) << "unexpected intervals: contract " << k.first << " day " << k.second;

  EXPECT_EQ(tx.exec1("SELECT count(*) FROM upwork_cells")[0].as<long long>(), truth_cells());
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM upwork_cells WHERE vanished_at IS NOT NULL")[0].as<long long>(), 0);
  // No two intervals of a contract overlap.
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM time_intervals a JOIN time_intervals b "
                     "ON a.upwork_contract_id = b.upwork_contract_id AND a.id < b.id "
                     "AND a.started_at < b.ended_at AND b.started_at < a.ended_at")[0]
              .as<long long>(),
            0);
  // Every ledger cell points at the interval that holds it (an edited interval may have
  // lost some of its cells' time; a deleted one is gone and its cells stay written) ...
  std::string edited_list = "0";
  for (auto id : edited_ids)
    edited_list += "," + std::to_string(id);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM upwork_cells c LEFT JOIN time_intervals i ON i.id = c.interval_id "
                     "WHERE c.interval_id IS NOT NULL AND c.interval_id NOT IN ("
                     + edited_list
                     + ") "
                       "AND (i.id IS NULL OR c.cell_start < i.started_at "
                       "OR c.cell_start >= i.ended_at OR i.upwork_contract_id <> c.contract_id)")[0]
              .as<long long>(),
            0);
  // Cells without an interval: exactly those of the deleted intervals.
  long long deleted_cells = 0;
  for (const auto& e : edits)
    deleted_cells += e.deleted ? e.seconds_before / 600 : 0;
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM upwork_cells WHERE interval_id IS NULL")[0].as<long long>(), deleted_cells);
  // ... and every untouched interval is exactly its ledger cells: none written twice.
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM time_intervals i WHERE i.id NOT IN (" + edited_list
                     + ") AND i.seconds <> 600 * "
                       "(SELECT count(*) FROM upwork_cells c WHERE c.interval_id = i.id)")[0]
              .as<long long>(),
            0);
  // People's edits stand: deleted stays deleted, edited keeps its times.
  for (const auto& e : edits) {
    auto rows = tx.exec_params("SELECT to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
                               "to_char(ended_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
                               "FROM time_intervals WHERE id = $1",
                               e.id);
    if (e.deleted) {
      EXPECT_TRUE(rows.empty()) << "deleted interval " << e.id << " came back";
    } else {
      ASSERT_EQ(rows.size(), 1u) << "edited interval " << e.id << " vanished";
      EXPECT_EQ(rows[0][0].as<std::string>(), e.started_at) << "edited interval " << e.id << " was touched";
      EXPECT_EQ(rows[0][1].as<std::string>(), e.ended_at) << "edited interval " << e.id << " was touched";
    }
  }
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
}

} // namespace upsync::testing
