// bench_import: a large first import from upwork-sim into PostgreSQL through upsync's
// engine (actors, fetchers, batching writers), next to two baselines measured in the same
// run on identically seeded databases:
//   ceiling  the same rows written straight into the same tables the fastest idempotent way
//            (everything in memory already, two COPYs into staging, one INSERT … ON
//            CONFLICT DO NOTHING statement, one transaction): no HTTP, no actors;
//   naive    the way many integrations do it: one request at a time, one row per INSERT,
//            each its own commit. It is slow, so it runs for a fixed time on the first
//            contracts and its rate is compared (cells/s).
// Targets (issue 8): upsync >= 60 % of the ceiling, >= 30x the naive baseline.
// Over 400 lines on purpose: the three paths (upsync, ceiling, naive) must be measured in one process on identically
// seeded databases.
#include "actors/engine.hpp"
#include "bench/support/args.hpp"
#include "bench/support/databases.hpp"
#include "bench/support/engine_for_sim.hpp"
#include "bench/support/machine.hpp"
#include "bench/support/seed_world.hpp"
#include "common/money.hpp"
#include "protocol/upwork/beast_http_client.hpp"
#include "protocol/upwork/civil_time.hpp"
#include "protocol/upwork/request_budget.hpp"
#include "protocol/upwork/token_provider.hpp"
#include "protocol/upwork/upwork_client.hpp"
#include "sim/civil_time.hpp"

#include <optional>
#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <thread>
#include <unistd.h>

using namespace upsync;
using clock_type = std::chrono::steady_clock;

namespace {

const std::string key_hex(64, 'b');
const std::string client_id = "upsync-bench-import";
const std::string client_secret = "bench-secret";

double seconds_since(clock_type::time_point t) { return std::chrono::duration<double>(clock_type::now() - t).count(); }

long long scalar(const std::string& url, const std::string& sql) {
  pqxx::connection db{url};
  pqxx::nontransaction tx{db};
  auto r = tx.exec1(sql);
  return r[0].is_null() ? 0 : r[0].as<long long>();
}

/// One interval's worth of contiguous cells of a contract-day, as the ceiling writes it.
struct island {
  std::string contract_id;
  long long member_id;
  std::int64_t start, end; ///< Unix seconds
  std::optional<std::string> bill_rate;
  std::vector<std::pair<std::int64_t, bool>> cells; ///< start, manual
};

/// Contiguous cells of one day form one interval (the engine merges them the same way).
std::vector<island> islands_of(const sim::contract_record& c, long long member, std::int64_t day,
                               std::vector<std::pair<std::int64_t, bool>> cells) {
  std::sort(cells.begin(), cells.end());
  std::vector<island> out;
  auto rate_cents = sim::rate_on(c, day);
  std::optional<std::string> rate;
  if (rate_cents > 0)
    rate = money::format_cents(rate_cents);
  for (const auto& cell : cells) {
    if (cell.first / 86400 != day || cell.first % 600 != 0)
      continue;
    if (out.empty() || out.back().end != cell.first)
      out.push_back(island{c.id, member, cell.first, cell.first, rate, {}});
    out.back().end = cell.first + 600;
    out.back().cells.push_back(cell);
  }
  return out;
}

struct figures {
  std::string path;
  double seconds = 0;
  long long cells = 0;
  long long intervals = 0;
  long long contract_days = 0; ///< contract-days fetched (naive) or in the window
  double process_cpu = 0;      ///< this process's CPU seconds (engine, simulator, poller)
  double sim_cpu = 0;          ///< of which the simulator's threads
  double server_cpu = 0;       ///< PostgreSQL's CPU seconds (every backend), when readable
  double cells_per_s() const { return seconds > 0 ? cells / seconds : 0; }
  double intervals_per_s() const { return seconds > 0 ? intervals / seconds : 0; }
};

/// CPU time of this process, of the simulator's threads in it and of the PostgreSQL server,
/// read at the start and end of a path's timed part.
struct cpu_meter {
  std::vector<pid_t> sim_threads;
  pid_t server = 0;
  double process0 = 0, sim0 = 0, server0 = 0;

  void start() {
    process0 = bench::cpu_seconds();
    sim0 = bench::threads_cpu_seconds(sim_threads);
    server0 = server ? bench::process_tree_cpu_seconds(server) : 0;
  }
  void stop(figures& f) const {
    f.process_cpu += bench::cpu_seconds() - process0;
    f.sim_cpu += bench::threads_cpu_seconds(sim_threads) - sim0;
    f.server_cpu += server ? bench::process_tree_cpu_seconds(server) - server0 : 0;
  }
};

// -- the ceiling ------------------------------------------------------------------------

constexpr const char* ceiling_staging =
  "CREATE TEMP TABLE stage_cells (workspace_id bigint, contract_id text, cell_start bigint,"
  "  manual boolean, island_start bigint) ON COMMIT DROP;"
  "CREATE TEMP TABLE stage_intervals (workspace_id bigint, contract_id text, member_id bigint,"
  "  project_id bigint, started bigint, ended bigint, bill_rate numeric(12, 2)) ON COMMIT DROP";

// Idempotent in one statement: an interval is created only when its first cell is new to
// the ledger, and the ledger rows point at their interval.
constexpr const char* ceiling_insert =
  "WITH iv AS ("
  "  INSERT INTO time_intervals (workspace_id, member_id, project_id, started_at, ended_at, bill_rate,"
  "                              currency, source, upwork_contract_id)"
  "  SELECT s.workspace_id, s.member_id, s.project_id, to_timestamp(s.started), to_timestamp(s.ended),"
  "         s.bill_rate, 'USD', 'upwork', s.contract_id"
  "  FROM stage_intervals s"
  "  WHERE NOT EXISTS (SELECT 1 FROM upwork_cells c WHERE c.workspace_id = s.workspace_id"
  "                    AND c.contract_id = s.contract_id AND c.cell_start = to_timestamp(s.started))"
  "  RETURNING id, workspace_id, upwork_contract_id, extract(epoch FROM started_at)::bigint AS started"
  ") "
  "INSERT INTO upwork_cells (workspace_id, contract_id, cell_start, manual, interval_id)"
  "SELECT c.workspace_id, c.contract_id, to_timestamp(c.cell_start), c.manual, iv.id"
  " FROM stage_cells c LEFT JOIN iv ON iv.workspace_id = c.workspace_id"
  "  AND iv.upwork_contract_id = c.contract_id AND iv.started = c.island_start"
  " ON CONFLICT DO NOTHING";

figures run_ceiling(const std::string& url, const bench::seeded_world& world, const std::vector<island>& islands,
                    cpu_meter cpu) {
  figures f;
  auto start = clock_type::now();
  cpu.start();
  {
    pqxx::connection db{url};
    pqxx::work tx{db};
    tx.exec0(ceiling_staging);
    {
      pqxx::stream_to copy{tx, "stage_intervals",
                           std::vector<std::string>{"workspace_id", "contract_id", "member_id", "project_id", "started",
                                                    "ended", "bill_rate"}};
      for (const auto& i : islands)
        copy << std::make_tuple(world.workspace_id, i.contract_id, i.member_id, world.project_id, i.start, i.end,
                                i.bill_rate);
      copy.complete();
    }
    {
      pqxx::stream_to copy{
        tx, "stage_cells",
        std::vector<std::string>{"workspace_id", "contract_id", "cell_start", "manual", "island_start"}};
      for (const auto& i : islands)
        for (const auto& [cell_start, manual] : i.cells)
          copy << std::make_tuple(world.workspace_id, i.contract_id, cell_start, manual, i.start);
      copy.complete();
    }
    tx.exec0(ceiling_insert);
    tx.commit();
  }
  f.seconds = seconds_since(start);
  cpu.stop(f);
  f.path = "ceiling";
  f.cells = scalar(url, "SELECT count(*) FROM upwork_cells");
  f.intervals = scalar(url, "SELECT count(*) FROM time_intervals");
  return f;
}

// -- upsync -----------------------------------------------------------------------------

/// The writers' knobs, defaults unless --writers / --writer-linger-ms / --writer-batch-cells.
struct writer_tuning {
  std::optional<std::size_t> writers;
  std::optional<std::chrono::milliseconds> linger;
  std::optional<std::size_t> batch_cells;
  std::optional<std::size_t> days_in_flight;
};

figures run_upsync(sim::simulator& sim, const std::string& url, const bench::seeded_world& world, int days,
                   cpu_meter cpu, const writer_tuning& tuning) {
  bench::engine_for_sim e;
  e.database_url = url;
  e.key_hex = key_hex;
  e.client_id = client_id;
  e.client_secret = client_secret;
  e.import_days = days;
  e.max_rps = 1e9; // the simulator's rate limit is off: the budget must not pace either
  e.burst = 1e9;
  e.cycle_interval = std::chrono::hours(1); // one cycle: the first import
  auto expected = static_cast<long long>(world.syncing());
  auto start = clock_type::now();
  cpu.start();
  {
    auto settings = bench::engine_settings(sim, e);
    if (tuning.writers)
      settings.writers = *tuning.writers;
    if (tuning.linger)
      settings.writer_linger = *tuning.linger;
    if (tuning.batch_cells)
      settings.writer_batch_cells = *tuning.batch_cells;
    if (tuning.days_in_flight)
      settings.days_in_flight = *tuning.days_in_flight;
    sync::engine engine{settings};
    engine.start();
    pqxx::connection db{url};
    while (true) {
      pqxx::nontransaction tx{db};
      if (tx.exec1("SELECT count(*) FROM upwork_sync_cursors WHERE import_state = 'done'")[0].as<long long>()
          >= expected)
        break;
      tx.commit();
      if (seconds_since(start) > 3600)
        throw std::runtime_error("the import did not finish within an hour");
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  figures f;
  f.path = "upsync";
  f.seconds = seconds_since(start);
  cpu.stop(f);
  f.cells = scalar(url, "SELECT count(*) FROM upwork_cells");
  f.intervals = scalar(url, "SELECT count(*) FROM time_intervals");
  return f;
}

// -- the naive baseline -----------------------------------------------------------------

/// Runs in slices between the other paths (before the ceiling, between it and upsync,
/// after upsync), so that its rate samples the machine's load at the same moments as they
/// do; each slice resumes at the contract-day where the last one stopped. Still one request
/// at a time and one row per INSERT, each its own commit.
class naive_run {
public:
  naive_run(sim::simulator& sim, const std::string& url, const bench::seeded_world& world, int days)
      : world_(world), w_(sim.state().w), days_(days), client_(make_client(sim, world)), db_(url),
        day_(w_.today() - days + 1) {
    f.path = "naive";
  }

  void run_for(double seconds, cpu_meter cpu) {
    auto start = clock_type::now();
    cpu.start();
    pqxx::nontransaction tx{db_}; // autocommit: every statement is its own transaction
    for (; next_ < world_.contracts.size(); ++next_, day_ = w_.today() - days_ + 1) {
      const auto& c = world_.contracts[next_];
      if (!bench::syncs(c))
        continue;
      auto org = w_.data().org(c.vendor_org).id;
      auto member = world_.members.at(c.freelancer.id);
      for (; day_ <= w_.today(); ++day_) {
        if (seconds_since(start) >= seconds)
          goto done;
        fetch_and_insert(tx, c, org, member, day_);
      }
    }
  done:
    f.seconds += seconds_since(start);
    cpu.stop(f);
    ++slices_;
  }

  int slices() const { return slices_; }
  figures f;

private:
  static upwork::upwork_client make_client(sim::simulator& sim, const bench::seeded_world& world) {
    upwork::client_options options;
    options.graphql_url = sim.base_url() + "/graphql";
    upwork::budget_options unlimited;
    unlimited.rate_per_second = 1e9;
    unlimited.burst = 1e9;
    return upwork::upwork_client{options, std::make_shared<upwork::beast_http_client>(),
                                 std::make_shared<upwork::static_token_provider>(world.access_token),
                                 std::make_shared<upwork::request_budget>(unlimited)};
  }

  void fetch_and_insert(pqxx::transaction_base& tx, const sim::contract_record& c, const std::string& org,
                        long long member, std::int64_t day) {
    auto diary = client_.work_diary_contract(org, c.id, upwork::date::from_days_since_epoch(day));
    if (!diary.ok())
      throw std::runtime_error("naive fetch failed: " + diary.error().message);
    ++f.contract_days;
    std::vector<std::pair<std::int64_t, bool>> cells;
    for (const auto& cell : diary.value().cells)
      cells.emplace_back(std::chrono::duration_cast<std::chrono::seconds>(cell.start.time_since_epoch()).count(),
                         cell.manual);
    for (const auto& i : islands_of(c, member, day, cells)) {
      auto id = tx.exec_params1("INSERT INTO time_intervals (workspace_id, member_id, project_id, started_at, "
                                "ended_at, bill_rate, currency, source, upwork_contract_id) VALUES ($1, $2, $3, "
                                "to_timestamp($4), to_timestamp($5), $6::numeric, 'USD', 'upwork', $7) RETURNING id",
                                world_.workspace_id, member, world_.project_id, i.start, i.end, i.bill_rate, c.id)[0]
                  .as<long long>();
      ++f.intervals;
      for (const auto& [cell_start, manual] : i.cells) {
        tx.exec_params0("INSERT INTO upwork_cells (workspace_id, contract_id, cell_start, manual, interval_id) "
                        "VALUES ($1, $2, to_timestamp($3), $4, $5) ON CONFLICT DO NOTHING",
                        world_.workspace_id, c.id, cell_start, manual, id);
        ++f.cells;
      }
    }
  }

  const bench::seeded_world& world_;
  const sim::world& w_;
  int days_;
  upwork::upwork_client client_;
  pqxx::connection db_;
  std::size_t next_ = 0; ///< index into world_.contracts
  std::int64_t day_;
  int slices_ = 0;
};

} // namespace

int main(int argc, char** argv) try {
  bench::args a{argc, argv};
  if (a.flag("help")) {
    std::cout << "usage: bench_import [--json FILE] [--pg-url URL] [--contracts N] [--days D]\n"
                 "                    [--naive-seconds S] [--smoke]\n"
                 "                    [--writers N] [--writer-linger-ms MS] [--writer-batch-cells N]\n"
                 "                    [--days-in-flight N]\n";
    return 0;
  }
  bool smoke = a.flag("smoke");
  auto json_path = a.get("json", "bench-import.json");
  auto wanted = static_cast<std::size_t>(a.get("contracts", smoke ? 12LL : 500LL));
  int days = static_cast<int>(a.get("days", smoke ? 7LL : 90LL));
  double naive_seconds = a.get_double("naive-seconds", smoke ? 1.0 : 30.0);
  bench::databases dbs{a.get("pg-url")};
  spdlog::set_level(spdlog::level::warn);
  double load_before = bench::load_average();

  // Vendor organizations hold ~18 contracts each at 9 per organization, ~10 of them syncing.
  sim::sim_options o;
  o.scale.seed = 8;
  o.scale.orgs = static_cast<std::uint32_t>(std::max<std::size_t>(8, 2 * (wanted / 8 + 2)));
  o.scale.members_per_org = 6;
  o.scale.contracts_per_org = 9;
  o.scale.days = static_cast<std::uint32_t>(days);
  o.start_ms = *sim::parse_iso_instant("2026-08-15T12:00:00Z");
  o.frozen_clock = true;
  o.oauth.client_secret = client_secret;
  sim::simulator sim{o};
  sim.start();
  // Every thread but this one is the simulator's so far: its share of the process's CPU.
  auto sim_threads = bench::own_threads();
  sim_threads.erase(std::remove(sim_threads.begin(), sim_threads.end(), ::getpid()), sim_threads.end());
  auto orgs = bench::vendor_orgs(sim, wanted);

  // Three databases seeded alike: one per path.
  std::string url_ceiling = dbs.fresh("import_ceiling"), url_upsync = dbs.fresh("import_upsync"),
              url_naive = dbs.fresh("import_naive");
  auto world = bench::seed_world(url_ceiling, sim, key_hex, client_id, orgs);
  bench::seed_world(url_upsync, sim, key_hex, client_id, orgs);
  bench::seed_world(url_naive, sim, key_hex, client_id, orgs);

  // The truth, and the ceiling's rows, built before any clock runs.
  const auto& w = sim.state().w;
  std::vector<island> islands;
  long long truth_cells = 0, window_contract_days = 0, contract_days_with_time = 0;
  for (const auto& c : world.contracts) {
    if (!bench::syncs(c))
      continue;
    for (auto day = w.today() - days + 1; day <= w.today(); ++day) {
      ++window_contract_days;
      std::vector<std::pair<std::int64_t, bool>> cells;
      for (const auto& cell : w.cells(c, day, false))
        cells.emplace_back(cell.start_ms / 1000, cell.manual);
      contract_days_with_time += !cells.empty();
      for (auto& i : islands_of(c, world.members.at(c.freelancer.id), day, std::move(cells))) {
        truth_cells += static_cast<long long>(i.cells.size());
        islands.push_back(std::move(i));
      }
    }
  }
  std::cout << "bench_import: " << world.syncing() << " syncing contracts in " << orgs.size() << " organizations x "
            << days << " days = " << window_contract_days << " contract-days (" << contract_days_with_time
            << " with time), " << truth_cells << " cells, " << islands.size()
            << " intervals; database: " << dbs.describe() << "\n";

  cpu_meter cpu;
  cpu.sim_threads = sim_threads;
  cpu.server = dbs.server_pid();
  naive_run naive_path{sim, url_naive, world, days};
  naive_path.run_for(naive_seconds / 3, cpu);
  auto ceiling = run_ceiling(url_ceiling, world, islands, cpu);
  ceiling.contract_days = window_contract_days;
  naive_path.run_for(naive_seconds / 3, cpu);
  writer_tuning tuning;
  if (a.flag("writers"))
    tuning.writers = static_cast<std::size_t>(a.get("writers", 2LL));
  if (a.flag("writer-linger-ms"))
    tuning.linger = std::chrono::milliseconds(a.get("writer-linger-ms", 5LL));
  if (a.flag("writer-batch-cells"))
    tuning.batch_cells = static_cast<std::size_t>(a.get("writer-batch-cells", 5000LL));
  if (a.flag("days-in-flight"))
    tuning.days_in_flight = static_cast<std::size_t>(a.get("days-in-flight", 8LL));
  auto upsync = run_upsync(sim, url_upsync, world, days, cpu, tuning);
  upsync.contract_days = window_contract_days;
  naive_path.run_for(naive_seconds / 3, cpu);
  auto naive = naive_path.f;

  // Correctness: the import equals the simulator's truth.
  long long upsync_seconds_sum = scalar(url_upsync, "SELECT COALESCE(sum(seconds), 0) FROM time_intervals");
  bool equals_truth = upsync.cells == truth_cells && upsync_seconds_sum == truth_cells * 600
                      && upsync.intervals == static_cast<long long>(islands.size());
  double load_after = bench::load_average();

  double vs_ceiling = ceiling.cells_per_s() > 0 ? upsync.cells_per_s() / ceiling.cells_per_s() : 0;
  double vs_naive = naive.cells_per_s() > 0 ? upsync.cells_per_s() / naive.cells_per_s() : 0;
  // The naive path's rate is the disk's flush latency (one fsync'd commit per row), so the
  // ceiling's own lead over it bounds what any importer can show: 30x naive asks upsync for
  // 30 / (ceiling / naive) of the ceiling on this machine.
  double ceiling_vs_naive = naive.cells_per_s() > 0 ? ceiling.cells_per_s() / naive.cells_per_s() : 0;
  std::printf("\n| path | seconds | cells | intervals | cells/s | intervals/s | process CPU s | of it simulator "
              "| PostgreSQL CPU s | CPU ms per 1,000 cells |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  auto per_1000 = [](const figures& f) {
    return f.cells > 0 ? 1e6 * (f.process_cpu - f.sim_cpu + f.server_cpu) / static_cast<double>(f.cells) : 0;
  };
  for (const auto* f : {&ceiling, &upsync, &naive}) {
    char server[32] = "n/a";
    if (cpu.server)
      std::snprintf(server, sizeof server, "%.1f", f->server_cpu);
    std::printf("| %s | %.2f | %lld | %lld | %.0f | %.0f | %.1f | %.1f | %s | %.1f |\n", f->path.c_str(), f->seconds,
                f->cells, f->intervals, f->cells_per_s(), f->intervals_per_s(), f->process_cpu, f->sim_cpu, server,
                per_1000(*f));
  }
  std::printf("\n| ratio | value | target | |\n|---|---:|---:|---|\n");
  std::printf("| upsync / ceiling (cells/s) | %.2f | >= 0.60 | %s |\n", vs_ceiling,
              vs_ceiling >= 0.6 ? "met" : "MISSED");
  std::printf("| upsync / naive (cells/s) | %.1fx | >= 30x | %s |\n", vs_naive, vs_naive >= 30 ? "met" : "MISSED");
  std::printf("| ceiling / naive (cells/s): this machine's bound | %.1fx | — | 30x naive = %.2f of the ceiling |\n",
              ceiling_vs_naive, ceiling_vs_naive > 0 ? 30 / ceiling_vs_naive : 0);
  std::printf("\nupsync: import equals the simulator's truth: %s; naive covered %lld contract-days in %d slices "
              "(%.1f s). CPU ms per 1,000 cells counts this process without the simulator (the Upwork side) plus "
              "PostgreSQL.\n",
              equals_truth ? "yes" : "NO", naive.contract_days, naive_path.slices(), naive.seconds);
  std::printf("load average (1 min): %.2f before, %.2f after on %u cores\n", load_before, load_after,
              bench::machine().nproc);

  json::writer j;
  j.begin_object().field("benchmark", "import_throughput");
  bench::write_machine(j, load_before, load_after, "simulator, engine, PostgreSQL and other builds share the cores");
  j.key("config")
    .begin_object()
    .field("organizations", static_cast<std::int64_t>(orgs.size()))
    .field("syncing_contracts", static_cast<std::int64_t>(world.syncing()))
    .field("days", days)
    .field("contract_days", static_cast<std::int64_t>(window_contract_days))
    .field("contract_days_with_time", static_cast<std::int64_t>(contract_days_with_time))
    .field("truth_cells", static_cast<std::int64_t>(truth_cells))
    .field("truth_intervals", static_cast<std::int64_t>(islands.size()))
    .field("database", dbs.describe())
    .field("smoke", smoke)
    .end_object();
  j.key("results").begin_array();
  for (const auto* f : {&ceiling, &upsync, &naive})
    j.begin_object()
      .field("path", f->path)
      .field("seconds", f->seconds)
      .field("cells", static_cast<std::int64_t>(f->cells))
      .field("intervals", static_cast<std::int64_t>(f->intervals))
      .field("contract_days", static_cast<std::int64_t>(f->contract_days))
      .field("cells_per_s", f->cells_per_s())
      .field("intervals_per_s", f->intervals_per_s())
      .field("process_cpu_seconds", f->process_cpu)
      .field("simulator_cpu_seconds", f->sim_cpu)
      .field("postgres_cpu_seconds", f->server_cpu)
      .field("cpu_ms_per_1000_cells", per_1000(*f))
      .end_object();
  j.end_array();
  j.key("ratios")
    .begin_object()
    .field("upsync_vs_ceiling", vs_ceiling)
    .field("upsync_vs_ceiling_target", 0.6)
    .field("upsync_vs_naive", vs_naive)
    .field("upsync_vs_naive_target", 30.0)
    .field("ceiling_vs_naive", ceiling_vs_naive)
    .end_object();
  j.field("upsync_equals_truth", equals_truth).field("postgres_cpu_measured", cpu.server != 0).end_object();
  std::ofstream out{json_path};
  out << j.str() << "\n";
  std::cout << "figures written to " << json_path << "\n";
  return equals_truth ? 0 : 1;
} catch (const std::exception& e) {
  std::cerr << "bench_import failed: " << e.what() << "\n";
  return 1;
}
