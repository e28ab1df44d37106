// bench_backpressure: PostgreSQL stalls in the middle of a first import (another session
// holds an EXCLUSIVE lock on the tables the writers insert into, for 30 s). upsyncd's
// resident memory is sampled all along: it must stay bounded (each contract has at most
// one window of fetches or one write in flight and advances only on the writer's ack), and
// once the lock goes the import must finish and equal the simulator's truth.
#include "actors/actors.hpp"
#include "bench/support/args.hpp"
#include "bench/support/daemon.hpp"
#include "bench/support/databases.hpp"
#include "bench/support/machine.hpp"
#include "bench/support/seed_world.hpp"

#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <thread>

using namespace upsync;
using clock_type = std::chrono::steady_clock;

namespace {

const std::string key_hex(64, '9');
const std::string client_id = "upsync-bench-backpressure";
const std::string client_secret = "bench-secret";

double seconds_since(clock_type::time_point t) { return std::chrono::duration<double>(clock_type::now() - t).count(); }

long long scalar(const std::string& url, const std::string& sql) {
  pqxx::connection db{url};
  pqxx::nontransaction tx{db};
  auto r = tx.exec1(sql);
  return r[0].is_null() ? 0 : r[0].as<long long>();
}

struct phase {
  std::string name;
  double seconds = 0;
  std::int64_t rss_min_kib = 0, rss_max_kib = 0, rss_end_kib = 0;
  std::uint64_t diaries = 0; ///< work diaries the simulator served in the phase
};

} // namespace

int main(int argc, char** argv) try {
  bench::args a{argc, argv};
  if (a.flag("help")) {
    std::cout << "usage: bench_backpressure [--json FILE] [--pg-url URL] [--contracts N] [--days D]\n"
                 "                          [--lock-seconds S] [--log FILE] [--smoke]\n";
    return 0;
  }
  bool smoke = a.flag("smoke");
  auto json_path = a.get("json", "bench-backpressure.json");
  auto wanted = static_cast<std::size_t>(a.get("contracts", smoke ? 20LL : 200LL));
  int days = static_cast<int>(a.get("days", smoke ? 7LL : 30LL));
  int lock_seconds = static_cast<int>(a.get("lock-seconds", smoke ? 3LL : 30LL));
  auto log_path = a.get("log", std::string{"bench-backpressure-upsyncd.log"});
  bench::databases dbs{a.get("pg-url")};
  spdlog::set_level(spdlog::level::warn);
  double load_before = bench::load_average();

  sim::sim_options o;
  o.scale.seed = 55;
  o.scale.orgs = static_cast<std::uint32_t>(std::max<std::size_t>(8, 2 * (wanted / 8 + 2)));
  o.scale.members_per_org = 6;
  o.scale.contracts_per_org = 9;
  o.scale.days = static_cast<std::uint32_t>(days);
  o.frozen_clock = true; // at the real now: the daemon's wall-clock "today" agrees
  o.oauth.client_secret = client_secret;
  sim::simulator sim{o};
  sim.start();
  auto orgs = bench::vendor_orgs(sim, wanted);
  auto url = dbs.fresh("backpressure");
  auto world = bench::seed_world(url, sim, key_hex, client_id, orgs);
  const auto& w = sim.state().w;
  long long truth_cells = 0;
  for (const auto& c : world.contracts)
    if (bench::syncs(c))
      for (auto day = w.today() - days + 1; day <= w.today(); ++day)
        truth_cells += w.total(c, day).cells;
  auto syncing = static_cast<long long>(world.syncing());
  std::printf("bench_backpressure: %lld syncing contracts x %d days, %lld cells; lock held %d s; database: %s\n",
              syncing, days, truth_cells, lock_seconds, dbs.describe().c_str());
  std::fflush(stdout);

  auto env = bench::daemon_env(url, key_hex, client_id, client_secret, sim.base_url());
  env.insert({
    {"UPSYNC_IMPORT_DAYS", std::to_string(days)},
    {"UPSYNC_SYNC_INTERVAL_SECONDS", "5"},
    {"UPSYNC_UPWORK_MAX_RPS", "10000"}, // the most upsyncd accepts; the simulator has no limit
    {"UPSYNC_LOG_LEVEL", "warn"},
  });
  auto& stats = sim.state().stats;
  auto diaries = [&] { return stats.count("workDiaryContract", 200); };
  auto start = clock_type::now();
  bench::daemon upsyncd{UPSYNCD_PATH, env, log_path};
  upsyncd.base_url();

  std::vector<std::pair<double, std::int64_t>> samples;
  // Samples RSS every 200 ms until `until` holds; returns the phase's figures.
  auto run_phase = [&](const std::string& name, auto until, std::chrono::seconds limit) {
    phase p{name};
    auto begin = clock_type::now();
    auto diaries_before = diaries();
    p.rss_min_kib = INT64_MAX;
    while (true) {
      auto kib = bench::rss_kib(upsyncd.pid());
      samples.emplace_back(seconds_since(start), kib);
      p.rss_min_kib = std::min(p.rss_min_kib, kib);
      p.rss_max_kib = std::max(p.rss_max_kib, kib);
      if (until())
        break;
      if (clock_type::now() - begin > limit)
        throw std::runtime_error("timed out in phase " + name);
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    p.seconds = seconds_since(begin);
    p.rss_end_kib = bench::rss_kib(upsyncd.pid());
    p.diaries = diaries() - diaries_before;
    return p;
  };

  std::vector<phase> phases;
  // 1. Import until a third of the cells are in.
  phases.push_back(run_phase(
    "importing", [&] { return scalar(url, "SELECT count(*) FROM upwork_cells") * 3 >= truth_cells; },
    std::chrono::seconds(900)));
  long long cells_at_lock = scalar(url, "SELECT count(*) FROM upwork_cells");
  // 2. Another session locks the writers' tables (reads still pass) for lock_seconds.
  {
    pqxx::connection locker{url};
    pqxx::work tx{locker};
    tx.exec0("LOCK TABLE upwork_cells, time_intervals, upwork_day_totals, upwork_sync_cursors IN EXCLUSIVE MODE");
    auto locked_at = clock_type::now();
    phases.push_back(run_phase(
      "locked", [&] { return seconds_since(locked_at) >= lock_seconds; }, std::chrono::seconds(lock_seconds + 30)));
    tx.commit();
  }
  // 3. The lock is gone: the import finishes.
  phases.push_back(run_phase(
    "after the lock",
    [&] { return scalar(url, "SELECT count(*) FROM upwork_sync_cursors WHERE import_state = 'done'") >= syncing; },
    std::chrono::seconds(900)));
  auto peak = bench::peak_rss_kib(upsyncd.pid());
  upsyncd.stop();
  long long cells = scalar(url, "SELECT count(*) FROM upwork_cells");
  long long seconds_sum = scalar(url, "SELECT COALESCE(sum(seconds), 0) FROM time_intervals");
  long long overlaps = scalar(url, "SELECT count(*) FROM time_intervals a JOIN time_intervals b"
                                   " ON a.upwork_contract_id = b.upwork_contract_id AND a.id < b.id"
                                   " AND a.started_at < b.ended_at AND b.started_at < a.ended_at");
  bool equals_truth = cells == truth_cells && seconds_sum == truth_cells * 600 && overlaps == 0;
  double load_after = bench::load_average();

  std::printf("\n| phase | seconds | RSS min MiB | RSS max MiB | RSS end MiB | diaries fetched |\n"
              "|---|---:|---:|---:|---:|---:|\n");
  for (const auto& p : phases)
    std::printf("| %s | %.1f | %.1f | %.1f | %.1f | %llu |\n", p.name.c_str(), p.seconds, p.rss_min_kib / 1024.0,
                p.rss_max_kib / 1024.0, p.rss_end_kib / 1024.0, (unsigned long long)p.diaries);
  const auto& locked = phases[1];
  // upsyncd runs with the engine's default window: at most that many fetches per contract.
  const auto window = static_cast<long long>(sync::engine_settings{}.days_in_flight);
  bool bounded = static_cast<long long>(locked.diaries) <= syncing * window;
  std::printf("\ncells when the lock was taken: %lld of %lld; peak RSS %.1f MiB\n", cells_at_lock, truth_cells,
              peak / 1024.0);
  std::printf("| check | value | |\n|---|---|---|\n");
  std::printf("| fetches while locked <= contracts x days in flight (one window each) | %llu <= %lld | %s |\n",
              (unsigned long long)locked.diaries, syncing * window, bounded ? "met" : "MISSED");
  std::printf("| RSS while locked vs before | %.1f vs %.1f MiB | |\n", locked.rss_max_kib / 1024.0,
              phases[0].rss_max_kib / 1024.0);
  std::printf("| import equals the simulator's truth afterwards | %s | %s |\n",
              (std::to_string(cells) + " cells, " + std::to_string(overlaps) + " overlaps").c_str(),
              equals_truth ? "met" : "MISSED");

  json::writer j;
  j.begin_object().field("benchmark", "backpressure");
  bench::write_machine(j, load_before, load_after, "the simulator and PostgreSQL share the cores with upsyncd");
  j.key("config")
    .begin_object()
    .field("syncing_contracts", static_cast<std::int64_t>(syncing))
    .field("days", days)
    .field("truth_cells", static_cast<std::int64_t>(truth_cells))
    .field("lock_seconds", lock_seconds)
    .field("database", dbs.describe())
    .field("smoke", smoke)
    .end_object();
  j.key("phases").begin_array();
  for (const auto& p : phases)
    j.begin_object()
      .field("phase", p.name)
      .field("seconds", p.seconds)
      .field("rss_min_kib", p.rss_min_kib)
      .field("rss_max_kib", p.rss_max_kib)
      .field("rss_end_kib", p.rss_end_kib)
      .field("work_diaries", static_cast<std::int64_t>(p.diaries))
      .end_object();
  j.end_array();
  j.field("cells_at_lock", static_cast<std::int64_t>(cells_at_lock))
    .field("peak_rss_kib", peak)
    .field("fetches_while_locked_bounded", bounded)
    .field("equals_truth", equals_truth);
  j.key("rss_samples").begin_array();
  for (const auto& [t, kib] : samples)
    j.begin_array().value(t).value(kib).end_array();
  j.end_array().end_object();
  std::ofstream out{json_path};
  out << j.str() << "\n";
  std::cout << "figures written to " << json_path << "\n";
  return equals_truth && bounded ? 0 : 1;
} catch (const std::exception& e) {
  std::cerr << "bench_backpressure failed: " << e.what() << "\n";
  return 1;
}
