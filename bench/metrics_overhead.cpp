// bench_metrics: does measuring cost sync throughput? The same first import (upwork-sim
// -> the real engine -> PostgreSQL) runs with metrics off and on, in alternating rounds of
// one process, and the cells/s medians are compared. With metrics on, the registry is
// also rendered every second, as a busy Prometheus would.
#include "actors/engine.hpp"
#include "bench/support/args.hpp"
#include "bench/support/databases.hpp"
#include "bench/support/engine_for_sim.hpp"
#include "bench/support/machine.hpp"
#include "metrics/exposition.hpp"
#include "metrics/registry.hpp"
#include "common/json_writer.hpp"
#include "sim/simulator.hpp"
#include "tests/actors/sync_seed.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <pqxx/pqxx>
#include <spdlog/spdlog.h>
#include <string>
#include <thread>
#include <vector>

namespace {

using clock_type = std::chrono::steady_clock;
const std::string key_hex(64, 'e');
const std::string client_id = "upsync-bench-metrics";
const std::string client_secret = "bench-secret";

struct run_result {
  bool metrics = false;
  double seconds = 0;
  long long cells = 0;
  long long intervals = 0;
  double cpu_seconds = 0; ///< this process (engine and simulator) during the import
  double cells_per_second() const { return seconds > 0 ? cells / seconds : 0; }
  double cpu_ms_per_1000_cells() const { return cells > 0 ? cpu_seconds * 1e6 / cells : 0; }
};

struct options {
  int rounds = 6;
  int contracts_per_org = 40;
  int import_days = 30;
  std::string json_path = "bench-metrics.json";
};

long long scalar(pqxx::connection& db, const std::string& sql) {
  pqxx::nontransaction tx{db};
  auto r = tx.exec1(sql);
  return r[0].is_null() ? 0 : r[0].as<long long>();
}

// One first import from scratch into a fresh database; timed from start to the last cursor done.
run_result import_once(upsync::sim::simulator& sim, upsync::bench::databases& dbs, const options& opt,
                       bool metrics_on) {
  auto url = dbs.fresh("metrics");
  auto seeded = upsync::testing::seed_sync_workspace(url, sim, key_hex, client_id, {0u, 2u});
  long long expected = 0;
  for (const auto& [org, c] : seeded.contracts)
    expected += upsync::testing::syncs(c) ? 1 : 0;

  upsync::bench::engine_for_sim e;
  e.database_url = url;
  e.key_hex = key_hex;
  e.client_id = client_id;
  e.client_secret = client_secret;
  e.import_days = opt.import_days;
  e.max_rps = 100000; // far above Upwork's limit: this measures the engine, not the budget
  e.burst = 1000;
  e.cycle_interval = std::chrono::minutes(10); // the import only
  auto s = upsync::bench::engine_settings(sim, e);
  auto registry = metrics_on ? std::make_shared<upsync::metrics::registry>() : nullptr;
  s.metrics = registry;
  pqxx::connection db{url};
  std::atomic<bool> done{false};
  std::thread scraper;
  run_result r;
  r.metrics = metrics_on;
  auto started = clock_type::now();
  double cpu_before = upsync::bench::cpu_seconds();
  {
    upsync::sync::engine engine{std::move(s)};
    if (registry)
      scraper = std::thread([&] {
        while (!done) {
          auto text = upsync::metrics::render(registry->collect());
          (void)text;
          std::this_thread::sleep_for(std::chrono::seconds(1));
        }
      });
    engine.start();
    while (scalar(db, "SELECT count(*) FROM upwork_sync_cursors WHERE import_state = 'done'") < expected)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    r.seconds = std::chrono::duration<double>(clock_type::now() - started).count();
    r.cpu_seconds = upsync::bench::cpu_seconds() - cpu_before;
    done = true;
    if (scraper.joinable())
      scraper.join();
  }
  r.cells = scalar(db, "SELECT count(*) FROM upwork_cells");
  r.intervals = scalar(db, "SELECT count(*) FROM time_intervals");
  return r;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  auto n = v.size();
  return n == 0 ? 0 : n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

} // namespace

int main(int argc, char** argv) {
  options opt;
  std::optional<std::string> pg_url;
  try {
    upsync::bench::args a{argc, argv};
    if (a.flag("help")) {
      std::cout << "usage: bench_metrics [--json FILE] [--pg-url URL] [--rounds N] [--contracts PER_ORG] [--days N]\n";
      return 0;
    }
    opt.json_path = a.get("json", opt.json_path);
    opt.rounds = std::max(1, static_cast<int>(a.get("rounds", 6LL)));
    opt.contracts_per_org = std::max(1, static_cast<int>(a.get("contracts", 40LL)));
    opt.import_days = std::max(1, static_cast<int>(a.get("days", 30LL)));
    pg_url = a.get("pg-url");
  } catch (const std::exception& e) {
    std::cerr << "bench_metrics: " << e.what() << "\n";
    return 2;
  }
  spdlog::set_level(spdlog::level::warn); // the simulator logs every request at info

  try {
    upsync::sim::sim_options o;
    o.scale.seed = 5;
    o.scale.orgs = 3;
    o.scale.members_per_org = 10;
    o.scale.contracts_per_org = static_cast<std::uint32_t>(opt.contracts_per_org);
    o.scale.days = std::max(opt.import_days, 30);
    o.frozen_clock = true;
    o.oauth.client_secret = client_secret;
    upsync::sim::simulator sim{o};
    sim.start();
    upsync::bench::databases dbs{pg_url};
    double load_before = upsync::bench::load_average();

    // A warm-up import (caches, PostgreSQL's first files), then alternating rounds so
    // that drift in the shared machine's load hits both modes alike.
    import_once(sim, dbs, opt, false);
    std::vector<run_result> runs;
    for (int round = 0; round < opt.rounds; ++round) {
      bool first_on = round % 2 == 1;
      for (bool on : {first_on, !first_on}) {
        runs.push_back(import_once(sim, dbs, opt, on));
        const auto& r = runs.back();
        std::fprintf(stderr, "round %d metrics %-3s %7.2f s %8lld cells %9.0f cells/s %7.1f cpu ms/1000 cells\n",
                     round + 1, on ? "on" : "off", r.seconds, r.cells, r.cells_per_second(), r.cpu_ms_per_1000_cells());
      }
    }
    double load_after = upsync::bench::load_average();

    std::vector<double> off, on, off_cpu, on_cpu, paired;
    for (const auto& r : runs) {
      (r.metrics ? on : off).push_back(r.cells_per_second());
      (r.metrics ? on_cpu : off_cpu).push_back(r.cpu_ms_per_1000_cells());
    }
    // Each round ran both modes back to back: their ratio cancels slow drift in the load.
    for (std::size_t i = 0; i + 1 < runs.size(); i += 2) {
      const auto& a = runs[i].metrics ? runs[i + 1] : runs[i];
      const auto& b = runs[i].metrics ? runs[i] : runs[i + 1];
      paired.push_back(b.cells_per_second() / a.cells_per_second());
    }
    double off_median = median(off), on_median = median(on);
    double overhead = off_median > 0 ? (off_median - on_median) / off_median * 100 : 0;
    double paired_overhead = (1 - median(paired)) * 100;
    double cpu_overhead = median(off_cpu) > 0 ? (median(on_cpu) - median(off_cpu)) / median(off_cpu) * 100 : 0;

    std::printf("\nsync throughput, first import of %d contracts/org x 2 orgs over %d days, %d rounds each, %s\n\n",
                opt.contracts_per_org, opt.import_days, opt.rounds, dbs.describe().c_str());
    std::printf("| metrics | cells/s (median) | min | max | CPU ms per 1000 cells (median) | cells per import |\n"
                "|---|---:|---:|---:|---:|---:|\n");
    for (bool m : {false, true}) {
      const auto& v = m ? on : off;
      std::printf("| %s | %.0f | %.0f | %.0f | %.1f | %lld |\n", m ? "on" : "off", median(v),
                  *std::min_element(v.begin(), v.end()), *std::max_element(v.begin(), v.end()),
                  median(m ? on_cpu : off_cpu), runs.front().cells);
    }
    std::printf("\noverhead of metrics on (positive = costlier): throughput medians %.1f %%, paired rounds %.1f %%, "
                "CPU per cell %.1f %%; load average %.1f before, %.1f after\n",
                overhead, paired_overhead, cpu_overhead, load_before, load_after);

    upsync::json::writer w;
    w.begin_object()
      .field("benchmark", "metrics_overhead")
      .field("database", dbs.describe())
      .field("rounds", opt.rounds)
      .field("contracts_per_org", opt.contracts_per_org)
      .field("import_days", opt.import_days)
      .field("cells_per_import", static_cast<std::int64_t>(runs.front().cells))
      .field("off_cells_per_second_median", off_median)
      .field("on_cells_per_second_median", on_median)
      .field("overhead_percent", overhead)
      .field("paired_overhead_percent", paired_overhead)
      .field("cpu_overhead_percent", cpu_overhead);
    upsync::bench::write_machine(w, load_before, load_after, "metrics off and on alternate in one process");
    w.key("runs").begin_array();
    for (const auto& r : runs)
      w.begin_object()
        .field("metrics", r.metrics)
        .field("seconds", r.seconds)
        .field("cells", static_cast<std::int64_t>(r.cells))
        .field("intervals", static_cast<std::int64_t>(r.intervals))
        .field("cells_per_second", r.cells_per_second())
        .field("cpu_seconds", r.cpu_seconds)
        .end_object();
    w.end_array().end_object();
    std::ofstream{opt.json_path} << std::move(w).str() << "\n";
    std::printf("JSON: %s\n", opt.json_path.c_str());
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "bench_metrics failed: " << e.what() << "\n";
    return 1;
  }
}
