// bench_scale: upsyncd with 10,000 organizations and 100,000 syncing contracts, idle-cycling
// against upwork-sim (in this process) after a finished first import:
//   start-up   load + spawn (the supervisor's "engine_plan_applied" line) and the first full
//              cycle (every organization has recorded last_synced_at);
//   memory     the daemon's resident set, sampled every second (target <= 400 MB);
//   idle CPU   the daemon's CPU over a full cycle interval of steady cycling in which nothing
//              changes (target <= 5 % of one core).
// The import's end state is seeded with COPY (day totals equal to the simulator's, cursors
// done): running 100,000 contracts x 90 days of imports first would take hours at Upwork's
// rate and is not what this measures.
#include "bench/support/args.hpp"
#include "bench/support/daemon.hpp"
#include "bench/support/databases.hpp"
#include "bench/support/machine.hpp"
#include "bench/support/seed_history.hpp"
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

const std::string key_hex(64, 'a');
const std::string client_id = "upsync-bench-scale";
const std::string client_secret = "bench-secret";

double seconds_since(clock_type::time_point t) { return std::chrono::duration<double>(clock_type::now() - t).count(); }

double mib(std::int64_t kib) { return static_cast<double>(kib) / 1024.0; }

/// Samples the daemon's resident memory every second while waiting.
struct rss_sampler {
  pid_t pid;
  std::int64_t max_kib = 0;
  std::vector<std::pair<double, std::int64_t>> samples; ///< seconds since start, KiB
  clock_type::time_point start = clock_type::now();
  void sample() {
    auto kib = bench::rss_kib(pid);
    max_kib = std::max(max_kib, kib);
    samples.emplace_back(seconds_since(start), kib);
  }
  template <class F>
  void wait_for(F&& condition, std::chrono::seconds limit, const char* what) {
    auto deadline = clock_type::now() + limit;
    auto next = clock_type::now();
    while (!condition()) {
      if (clock_type::now() > deadline)
        throw std::runtime_error(std::string{"timed out waiting for "} + what);
      if (clock_type::now() >= next) {
        sample();
        next += std::chrono::seconds(1);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    sample();
  }
};

} // namespace

int main(int argc, char** argv) try {
  bench::args a{argc, argv};
  if (a.flag("help")) {
    std::cout << "usage: bench_scale [--json FILE] [--pg-url URL] [--orgs N] [--contracts N] [--days D]\n"
                 "                   [--interval S] [--startup-rps R] [--first-cycle-limit S] [--log FILE]\n"
                 "                   [--wrapper CMD] [--smoke]\n"
                 "  --wrapper CMD  run upsyncd under CMD, e.g. \"heaptrack -o /tmp/upsyncd\"\n";
    return 0;
  }
  bool smoke = a.flag("smoke");
  auto json_path = a.get("json", "bench-scale.json");
  auto orgs_wanted = static_cast<std::size_t>(a.get("orgs", smoke ? 20LL : 10000LL));
  auto contracts_wanted = static_cast<std::size_t>(a.get("contracts", smoke ? 200LL : 100000LL));
  int days = static_cast<int>(a.get("days", smoke ? 14LL : 90LL));
  int interval = static_cast<int>(a.get("interval", smoke ? 5LL : 300LL));
  auto startup_rps = a.get("startup-rps", std::string{"1000"});
  auto log_path = a.get("log", std::string{"bench-scale-upsyncd.log"});
  bench::databases dbs{a.get("pg-url")};
  spdlog::set_level(spdlog::level::warn);
  double load_before = bench::load_average();

  // Vendor organizations sit at even indexes; with 2 x orgs organizations the vendors hold
  // contracts_per_org x 2 contracts each, ~56 % of which sync (hourly and active).
  sim::sim_options o;
  o.scale.seed = 100;
  o.scale.orgs = static_cast<std::uint32_t>(2 * orgs_wanted);
  o.scale.members_per_org = 6;
  o.scale.contracts_per_org = static_cast<std::uint32_t>(
    std::max<std::size_t>(1, (contracts_wanted * 100 / 56 + o.scale.orgs - 1) / o.scale.orgs));
  o.scale.days = static_cast<std::uint32_t>(days);
  o.frozen_clock = true; // at the real now: the daemon's wall-clock "today" agrees
  o.oauth.client_secret = client_secret;
  o.threads = 2;
  sim::simulator sim{o};
  sim.start();
  auto orgs = bench::vendor_orgs(sim, contracts_wanted, orgs_wanted);

  auto seed_start = clock_type::now();
  auto url = dbs.fresh("scale");
  auto world = bench::seed_world(url, sim, key_hex, client_id, orgs);
  auto totals = bench::seed_imported_history(url, sim, world, days);
  double seed_seconds = seconds_since(seed_start);
  {
    pqxx::connection db{url};
    pqxx::nontransaction tx{db};
    tx.exec0("VACUUM ANALYZE");
  }
  auto syncing = world.syncing();
  std::printf("bench_scale: %zu organizations, %zu contracts (%zu syncing), %zu day totals seeded in %.1f s; "
              "database: %s\n",
              orgs.size(), world.contracts.size(), syncing, totals, seed_seconds, dbs.describe().c_str());
  std::fflush(stdout);

  auto env = bench::daemon_env(url, key_hex, client_id, client_secret, sim.base_url());
  env.insert({
    {"UPSYNC_IMPORT_DAYS", std::to_string(days)},
    {"UPSYNC_SYNC_INTERVAL_SECONDS", std::to_string(interval)},
    // Start-up would take 10,000 / 8 s = 21 min at the default budget; the simulator has
    // no limit here. Steady cycling is paced by the interval, not the budget.
    {"UPSYNC_UPWORK_MAX_RPS", startup_rps},
    {"UPSYNC_LOG_LEVEL", "info"},
  });
  auto& stats = sim.state().stats;
  stats.reset();
  auto reports = [&] { return stats.count("contractTimeReport", 200); };
  auto start = clock_type::now();
  bench::daemon upsyncd{UPSYNCD_PATH, env, log_path, a.get("wrapper", std::string{})};
  rss_sampler rss{upsyncd.pid()};
  rss.wait_for(
    [&] {
      try {
        upsyncd.wait_for_line("engine_plan_applied", std::chrono::seconds(0));
        return true;
      } catch (const std::exception&) {
        return false;
      }
    },
    std::chrono::seconds(900), "the engine's plan");
  double loaded_seconds = seconds_since(start);
  auto rss_loaded = bench::rss_kib(upsyncd.pid());

  // A cycle ends when every contract of the organization has compared its totals (one
  // store read each on the first cycle) and the organization records last_synced_at.
  auto n = static_cast<long long>(orgs.size());
  pqxx::connection watch{url};
  auto cycled = [&] {
    pqxx::nontransaction tx{watch};
    return tx.exec1("SELECT count(*) FROM upwork_organizations WHERE last_synced_at IS NOT NULL")[0].as<long long>();
  };
  long long orgs_cycled = 0;
  auto first_cycle_limit = std::chrono::seconds(a.get("first-cycle-limit", 3600LL));
  try {
    rss.wait_for([&] { return (orgs_cycled = cycled()) >= n; }, first_cycle_limit, "every organization's first cycle");
  } catch (const std::runtime_error&) {
    // Reported below: how far the first cycle got in the time allowed.
  }
  bool first_cycle_complete = orgs_cycled >= n;
  double first_cycle_seconds = seconds_since(start);
  auto rss_first_cycle = bench::rss_kib(upsyncd.pid());
  auto diaries_at_start = stats.count("workDiaryContract", 200);

  // A full interval of steady cycling: the second wave of cycles lands in it. Only
  // measured once the first cycle is over (else it is not idle).
  double window = 0, cpu = 0;
  std::uint64_t window_cycles = 0, window_requests = 0;
  if (first_cycle_complete) {
    auto cpu_before = bench::cpu_seconds(upsyncd.pid());
    auto reports_before = reports();
    auto requests_before = stats.total();
    auto window_start = clock_type::now();
    rss.wait_for([&] { return seconds_since(window_start) >= interval; }, std::chrono::seconds(interval + 60),
                 "the idle window");
    window = seconds_since(window_start);
    cpu = bench::cpu_seconds(upsyncd.pid()) - cpu_before;
    window_cycles = reports() - reports_before;
    window_requests = stats.total() - requests_before;
  }
  auto rss_end = bench::rss_kib(upsyncd.pid());
  auto peak = bench::peak_rss_kib(upsyncd.pid());
  upsyncd.stop();
  double load_after = bench::load_average();

  double cpu_share = window > 0 ? cpu / window : -1;
  std::printf("\n| figure | value | target | |\n|---|---:|---:|---|\n");
  std::printf("| load + spawn (plan applied) | %.1f s | — | |\n", loaded_seconds);
  if (first_cycle_complete)
    std::printf("| first full cycle (every organization) | %.1f s | — | |\n", first_cycle_seconds);
  else
    std::printf("| first full cycle: INCOMPLETE after %.0f s | %lld of %lld organizations | — | |\n",
                first_cycle_seconds, orgs_cycled, n);
  std::printf("| RSS after load + spawn | %.0f MiB | | |\n", mib(rss_loaded));
  std::printf("| RSS after the first cycle | %.0f MiB | | |\n", mib(rss_first_cycle));
  std::printf("| RSS at the end | %.0f MiB | | |\n", mib(rss_end));
  std::printf("| RSS peak (VmHWM) | %.0f MiB | <= 400 MB (381 MiB) | %s |\n", mib(peak),
              peak * 1024 <= 400'000'000 ? "met" : "MISSED");
  if (first_cycle_complete)
    std::printf("| idle CPU over %.0f s (%llu cycles, %llu requests) | %.2f %% of one core | <= 5 %% | %s |\n", window,
                (unsigned long long)window_cycles, (unsigned long long)window_requests, 100 * cpu_share,
                cpu_share <= 0.05 ? "met" : "MISSED");
  else
    std::printf("| idle CPU | not measured (first cycle incomplete) | <= 5 %% | |\n");
  std::printf("\ncells fetched at start-up: %llu work diaries (0 expected: the history was seeded); load average "
              "%.2f before, %.2f after\n",
              (unsigned long long)diaries_at_start, load_before, load_after);

  json::writer j;
  j.begin_object().field("benchmark", "actor_scale");
  bench::write_machine(j, load_before, load_after, "the simulator and PostgreSQL share the cores with upsyncd");
  j.key("config")
    .begin_object()
    .field("organizations", static_cast<std::int64_t>(orgs.size()))
    .field("contracts", static_cast<std::int64_t>(world.contracts.size()))
    .field("syncing_contracts", static_cast<std::int64_t>(syncing))
    .field("days", days)
    .field("day_totals_seeded", static_cast<std::int64_t>(totals))
    .field("seed_seconds", seed_seconds)
    .field("sync_interval_seconds", interval)
    .field("startup_max_rps", startup_rps)
    .field("database", dbs.describe())
    .field("smoke", smoke)
    .end_object();
  j.key("startup")
    .begin_object()
    .field("load_and_spawn_seconds", loaded_seconds)
    .field("first_cycle_complete", first_cycle_complete)
    .field("organizations_cycled", static_cast<std::int64_t>(orgs_cycled))
    .field("first_full_cycle_seconds", first_cycle_seconds)
    .field("work_diaries_fetched", static_cast<std::int64_t>(diaries_at_start))
    .end_object();
  j.key("rss_kib")
    .begin_object()
    .field("after_load", rss_loaded)
    .field("after_first_cycle", rss_first_cycle)
    .field("end", rss_end)
    .field("max_sampled", rss.max_kib)
    .field("peak_vmhwm", peak)
    .field("target_bytes", static_cast<std::int64_t>(400'000'000))
    .end_object();
  j.key("idle")
    .begin_object()
    .field("window_seconds", window)
    .field("cpu_seconds", cpu)
    .field("cpu_share_of_one_core", cpu_share)
    .field("target", 0.05)
    .field("organization_cycles", static_cast<std::int64_t>(window_cycles))
    .field("requests", static_cast<std::int64_t>(window_requests))
    .end_object();
  j.key("rss_samples").begin_array();
  for (const auto& [t, kib] : rss.samples)
    j.begin_array().value(t).value(kib).end_array();
  j.end_array().end_object();
  std::ofstream out{json_path};
  out << j.str() << "\n";
  std::cout << "figures written to " << json_path << "\n";
  return 0;
} catch (const std::exception& e) {
  std::cerr << "bench_scale failed: " << e.what() << "\n";
  return 1;
}
