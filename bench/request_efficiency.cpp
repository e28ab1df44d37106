// bench_requests: how many Upwork requests upsync spends, counted by upwork-sim, with the
// simulator limiting the client to 10 requests/s (burst 10) and upsync on its default
// request budget (8/s, burst 1):
//   first import  requests per contract-day of the import window, and per contract-day with
//                 time (target <= 0.12 with batching, within 1.2x of the bound
//                 sum over organizations of ceil(days with time / batch) + report pages);
//   steady state  requests per organization per cycle when nothing changed (target <= 1.0);
//   one day       the requests of the cycle that sees one retroactively changed contract-day;
//   and the number of 429 answers over the whole run (target 0).
// Each case runs twice in the same run, on a database of its own: with the diary batch of
// upsyncd's default (10 contract-days a request) and with batching off (one a request, the
// path before issue 19) as the baseline.
// Cycles are counted by the simulator too: every organization cycle starts with one
// `contractTimeReport` (one page: the re-read window holds far fewer than 500 rows).
#include "actors/engine.hpp"
#include "bench/support/args.hpp"
#include "bench/support/databases.hpp"
#include "bench/support/engine_for_sim.hpp"
#include "bench/support/machine.hpp"
#include "bench/support/seed_world.hpp"
#include "sim/civil_time.hpp"

#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <thread>

using namespace upsync;
using clock_type = std::chrono::steady_clock;

namespace {

const std::string key_hex(64, 'e');
const std::string client_id = "upsync-bench-requests";
const std::string client_secret = "bench-secret";

long long scalar(const std::string& url, const std::string& sql) {
  pqxx::connection db{url};
  pqxx::nontransaction tx{db};
  auto r = tx.exec1(sql);
  return r[0].is_null() ? 0 : r[0].as<long long>();
}

template <class F>
void wait_for(F&& condition, std::chrono::seconds limit, const char* what) {
  auto deadline = clock_type::now() + limit;
  while (!condition()) {
    if (clock_type::now() > deadline)
      throw std::runtime_error(std::string{"timed out waiting for "} + what);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

/// A snapshot of the simulator's counters.
struct counts {
  std::uint64_t total = 0, time_reports = 0, diaries = 0, too_many = 0;
  counts operator-(const counts& o) const {
    return {total - o.total, time_reports - o.time_reports, diaries - o.diaries, too_many - o.too_many};
  }
};

/// The count of answers with `status` over every operation, from the stats' JSON.
std::uint64_t by_status(const sim::request_stats& stats, int status) {
  auto json = stats.to_json();
  auto section = json.find("\"by_status\"");
  if (section == std::string::npos)
    return 0;
  auto key = json.find("\"" + std::to_string(status) + "\":", section);
  return key == std::string::npos ? 0 : std::stoull(json.substr(key + std::to_string(status).size() + 3));
}

counts snapshot(sim::simulator& sim) {
  auto& s = sim.state().stats;
  return {s.total(), s.count("contractTimeReport", 200), s.count("workDiaryContract", 200), by_status(s, 429)};
}

double ratio(double a, double b) { return b > 0 ? a / b : 0; }

/// What one configuration spent.
struct figures {
  std::size_t batch = 0;
  counts import, steady, change;
  double import_seconds = 0;
  std::uint64_t too_many = 0; ///< 429 answers over the case
  long long syncing = 0;
  /// Vendor organization -> its syncing contract-days with time, as the import found them.
  std::map<std::uint32_t, long long> with_time;
};

struct bench_world {
  sim::simulator& sim;
  bench::databases& dbs;
  std::vector<std::uint32_t> orgs;
  int days = 0;
  int cycles = 0;
  std::chrono::milliseconds linger{5};
};

figures run_case(bench_world& b, std::size_t batch) {
  auto& sim = b.sim;
  const auto& w = sim.state().w;
  figures f;
  f.batch = batch;
  auto url = b.dbs.fresh("requests_batch_" + std::to_string(batch));
  auto world = bench::seed_world(url, sim, key_hex, client_id, b.orgs);
  auto syncing = static_cast<long long>(world.syncing());
  f.syncing = syncing;
  for (const auto& c : world.contracts)
    if (bench::syncs(c))
      for (auto day = w.today() - b.days + 1; day <= w.today(); ++day)
        f.with_time[c.vendor_org] += w.total(c, day).cells > 0;
  auto start_429 = snapshot(sim).too_many;

  bench::engine_for_sim e;
  e.database_url = url;
  e.key_hex = key_hex;
  e.client_id = client_id;
  e.client_secret = client_secret;
  e.import_days = b.days; // upsyncd's default budget (8/s, burst 1) stays
  e.diary_batch = batch;
  e.diary_linger = b.linger;
  auto done = [&] {
    return scalar(url, "SELECT count(*) FROM upwork_sync_cursors WHERE import_state = 'done'") >= syncing;
  };

  // 1. The first import, one cycle per organization (the next cycle is an hour away).
  auto before_import = snapshot(sim);
  auto import_start = clock_type::now();
  e.cycle_interval = std::chrono::hours(1);
  {
    sync::engine engine{bench::engine_settings(sim, e)};
    engine.start();
    wait_for(done, std::chrono::seconds(1800), "the first import");
  }
  f.import_seconds = std::chrono::duration<double>(clock_type::now() - import_start).count();
  f.import = snapshot(sim) - before_import;

  // 2. Steady state: a restarted engine re-reads the import window once per organization,
  // then cycles every 2 s over the re-read window. Only cycles after the first count.
  e.cycle_interval = std::chrono::seconds(2);
  sync::engine engine{bench::engine_settings(sim, e)};
  auto restart = snapshot(sim);
  engine.start();
  auto orgs_n = static_cast<std::uint64_t>(b.orgs.size());
  wait_for([&] { return (snapshot(sim) - restart).time_reports >= orgs_n; }, std::chrono::seconds(120),
           "the first cycle after the restart");
  auto steady_start = snapshot(sim);
  wait_for([&] { return (snapshot(sim) - steady_start).time_reports >= orgs_n * b.cycles; }, std::chrono::seconds(600),
           "steady cycles");
  f.steady = snapshot(sim) - steady_start;

  // 3. One contract-day changes upstream (a cell added yesterday): the next cycle of its
  // organization fetches that day alone.
  const sim::contract_record* target = nullptr;
  for (const auto& c : world.contracts)
    if (bench::syncs(c)) {
      target = &c;
      break;
    }
  auto day = w.today() - 1;
  std::set<std::int64_t> taken;
  for (const auto& cell : w.cells(*target, day, false))
    taken.insert(cell.start_ms);
  sim::cell added;
  added.start_ms = day * 86'400'000;
  while (taken.count(added.start_ms))
    added.start_ms += 600'000;
  auto edit = sim.state().w.edit_cells(target->index, day, {added}, {});
  if (!edit.ok)
    throw std::runtime_error("cannot edit the simulator's cells: " + edit.error);
  auto change_start = snapshot(sim);
  auto cell_sql = "SELECT count(*) FROM upwork_cells WHERE contract_id = '" + target->id
                  + "' AND cell_start = to_timestamp(" + std::to_string(added.start_ms / 1000) + ")";
  wait_for([&] { return scalar(url, cell_sql) == 1; }, std::chrono::seconds(120), "the changed day");
  f.change = snapshot(sim) - change_start;
  f.too_many = snapshot(sim).too_many - start_429;
  return f;
}

} // namespace

int main(int argc, char** argv) try {
  bench::args a{argc, argv};
  if (a.flag("help")) {
    std::cout << "usage: bench_requests [--json FILE] [--pg-url URL] [--orgs N] [--contracts-per-org K] [--days D] "
                 "[--cycles C] [--batch B] [--linger-ms L] [--baseline 0|1] [--smoke]\n";
    return 0;
  }
  bool smoke = a.flag("smoke");
  auto json_path = a.get("json", "bench-requests.json");
  auto vendor_count = static_cast<std::size_t>(a.get("orgs", smoke ? 2LL : 6LL));
  // An agency's size, not a toy's: with a handful of contract-days an organization, the
  // bound itself is far above a tenth of a request a day (a batch is rarely full).
  auto contracts_per_org = static_cast<std::uint32_t>(a.get("contracts-per-org", smoke ? 3LL : 12LL));
  int days = static_cast<int>(a.get("days", smoke ? 7LL : 30LL));
  int cycles = static_cast<int>(a.get("cycles", smoke ? 2LL : 5LL));
  auto batch = static_cast<std::size_t>(a.get("batch", 10LL));
  auto linger = std::chrono::milliseconds(a.get("linger-ms", 5LL));
  bench::databases dbs{a.get("pg-url")};
  spdlog::set_level(spdlog::level::warn);
  double load_before = bench::load_average();

  sim::sim_options o;
  o.scale.seed = 31;
  o.scale.orgs = static_cast<std::uint32_t>(std::max<std::size_t>(4, 2 * vendor_count));
  o.scale.members_per_org = 4;
  o.scale.contracts_per_org = contracts_per_org;
  o.scale.days = static_cast<std::uint32_t>(days);
  o.start_ms = *sim::parse_iso_instant("2026-08-12T18:00:00Z"); // a Wednesday: the re-read window spans 10 days
  o.frozen_clock = true;
  o.oauth.client_secret = client_secret;
  o.faults.rate_limit_rps = 10; // Upwork's documented limit
  o.faults.rate_limit_burst = 10;
  sim::simulator sim{o};
  sim.start();
  bench_world b{sim, dbs, bench::vendor_orgs(sim, SIZE_MAX, vendor_count), days, cycles, linger};

  auto batched = run_case(b, batch);
  // --baseline 0 leaves the baseline out (an agency's 500 x 90 takes ~50 min one a request).
  auto unbatched = a.get("baseline", 1LL) ? run_case(b, 1) : figures{};
  double load_after = bench::load_average();

  // The days with time, and the bound of a batched import: each organization's days with
  // time in batches, plus the report pages it took.
  long long syncing = batched.syncing, contract_days_with_time = 0, diary_bound = 0;
  for (const auto& [org, n] : batched.with_time) {
    contract_days_with_time += n;
    diary_bound += (n + static_cast<long long>(batch) - 1) / static_cast<long long>(batch);
  }
  long long contract_days = syncing * days;

  auto bound = static_cast<double>(diary_bound + static_cast<long long>(batched.import.time_reports));
  auto per_day_with_time = [&](const figures& f) { return ratio(f.import.total, contract_days_with_time); };
  auto per_cycle = [&](const figures& f) { return ratio(f.steady.total, f.steady.time_reports); };
  double batched_per_day = per_day_with_time(batched);
  double of_bound = ratio(batched.import.total, bound);

  std::printf("bench_requests: %zu organizations, %lld syncing contracts, %d days (%lld contract-days, %lld with "
              "time); simulator limit 10 req/s (burst 10), upsync budget 8/s (burst 1), linger %lld ms\n\n",
              b.orgs.size(), syncing, days, contract_days, contract_days_with_time, (long long)linger.count());
  // The baseline's column says "not run" when --baseline 0 left it out.
  const bool with_baseline = unbatched.batch != 0;
  auto base = [&](const char* fmt, double v) {
    char text[64];
    std::snprintf(text, sizeof text, fmt, v);
    return with_baseline ? std::string{text} : std::string{"not run"};
  };
  auto n = [](std::uint64_t v) { return static_cast<double>(v); };
  std::printf("| case | batched (%zu a request) | one a request (baseline) | target | |\n|---|---:|---:|---:|---|\n",
              batch);
  std::printf("| first import: requests | %.0f | %s | — | |\n", n(batched.import.total),
              base("%.0f", n(unbatched.import.total)).c_str());
  std::printf("| first import: work-diary requests | %.0f | %s | — | |\n", n(batched.import.diaries),
              base("%.0f", n(unbatched.import.diaries)).c_str());
  std::printf("| first import: per contract-day | %.3f | %s | — | |\n", ratio(batched.import.total, contract_days),
              base("%.3f", ratio(unbatched.import.total, contract_days)).c_str());
  std::printf("| first import: per contract-day with time | %.3f | %s | <= 0.12 | %s |\n", batched_per_day,
              base("%.3f", per_day_with_time(unbatched)).c_str(), batched_per_day <= 0.12 ? "met" : "MISSED");
  std::printf("| first import: of the bound (%.0f requests) | %.2fx | %s | <= 1.2x | %s |\n", bound, of_bound,
              base("%.2fx", ratio(unbatched.import.total, bound)).c_str(), of_bound <= 1.2 ? "met" : "MISSED");
  std::printf("| first import: seconds | %.1f | %s | — | |\n", batched.import_seconds,
              base("%.1f", unbatched.import_seconds).c_str());
  std::printf("| steady, nothing changed: per organization cycle | %.3f | %s | <= 1.0 | %s |\n", per_cycle(batched),
              base("%.3f", per_cycle(unbatched)).c_str(), per_cycle(batched) <= 1.0 ? "met" : "MISSED");
  std::printf("| one contract-day changed: requests of its cycle | %.0f | %s | — | |\n",
              1.0 + n(batched.change.diaries), base("%.0f", 1.0 + n(unbatched.change.diaries)).c_str());
  std::printf("| 429 answers | %.0f | %s | 0 | %s |\n", n(batched.too_many),
              base("%.0f", n(unbatched.too_many)).c_str(),
              batched.too_many + unbatched.too_many == 0 ? "met" : "MISSED");

  json::writer j;
  j.begin_object().field("benchmark", "request_efficiency");
  bench::write_machine(j, load_before, load_after, "request counts do not depend on the machine's load");
  j.key("config")
    .begin_object()
    .field("organizations", static_cast<std::int64_t>(b.orgs.size()))
    .field("syncing_contracts", static_cast<std::int64_t>(syncing))
    .field("days", days)
    .field("contract_days", static_cast<std::int64_t>(contract_days))
    .field("contract_days_with_time", static_cast<std::int64_t>(contract_days_with_time))
    .field("diary_batch", static_cast<std::int64_t>(batch))
    .field("diary_linger_ms", static_cast<std::int64_t>(linger.count()))
    .field("sim_rate_limit_rps", 10)
    .field("upsync_budget_rps", 8)
    .field("smoke", smoke)
    .end_object();
  j.field("import_bound_requests", bound);
  for (const auto* f : {&batched, &unbatched}) {
    if (f->batch == 0)
      continue; // the baseline was not run
    j.key(f == &batched ? "batched" : "baseline_one_a_request").begin_object();
    j.field("diary_batch", static_cast<std::int64_t>(f->batch));
    j.key("first_import")
      .begin_object()
      .field("requests", static_cast<std::int64_t>(f->import.total))
      .field("time_report_pages", static_cast<std::int64_t>(f->import.time_reports))
      .field("work_diary_requests", static_cast<std::int64_t>(f->import.diaries))
      .field("seconds", f->import_seconds)
      .field("requests_per_contract_day", ratio(f->import.total, contract_days))
      .field("requests_per_contract_day_with_time", per_day_with_time(*f))
      .field("of_bound", ratio(f->import.total, bound))
      .end_object();
    j.key("steady")
      .begin_object()
      .field("requests", static_cast<std::int64_t>(f->steady.total))
      .field("organization_cycles", static_cast<std::int64_t>(f->steady.time_reports))
      .field("requests_per_organization_cycle", per_cycle(*f))
      .end_object();
    j.field("one_day_changed_requests", 1.0 + static_cast<double>(f->change.diaries));
    j.field("answers_429", static_cast<std::int64_t>(f->too_many));
    j.end_object();
  }
  j.key("targets")
    .begin_object()
    .field("import_per_contract_day_with_time", 0.12)
    .field("import_of_bound", 1.2)
    .field("steady_per_organization_cycle", 1.0)
    .field("answers_429", 0)
    .end_object();
  j.end_object();
  std::ofstream out{json_path};
  out << j.str() << "\n";
  std::cout << "\nfigures written to " << json_path << "\n";
  return 0;
} catch (const std::exception& e) {
  std::cerr << "bench_requests failed: " << e.what() << "\n";
  return 1;
}
