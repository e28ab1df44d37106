// bench_requests: how many Upwork requests upsync spends, counted by upwork-sim, with the
// simulator limiting the client to 10 requests/s (burst 10) and upsync on its default
// request budget (8/s, burst 1):
//   first import  requests per contract-day of the import window;
//   steady state  requests per organization per cycle when nothing changed (target <= 1.1);
//   one day       the requests of the cycle that sees one retroactively changed contract-day;
//   and the number of 429 answers over the whole run (target 0).
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

} // namespace

int main(int argc, char** argv) try {
  bench::args a{argc, argv};
  if (a.flag("help")) {
    std::cout << "usage: bench_requests [--json FILE] [--pg-url URL] [--orgs N] [--days D] [--cycles C] [--smoke]\n";
    return 0;
  }
  bool smoke = a.flag("smoke");
  auto json_path = a.get("json", "bench-requests.json");
  auto vendor_count = static_cast<std::size_t>(a.get("orgs", smoke ? 2LL : 6LL));
  int days = static_cast<int>(a.get("days", smoke ? 7LL : 14LL));
  int cycles = static_cast<int>(a.get("cycles", smoke ? 2LL : 5LL));
  bench::databases dbs{a.get("pg-url")};
  spdlog::set_level(spdlog::level::warn);
  double load_before = bench::load_average();

  sim::sim_options o;
  o.scale.seed = 31;
  o.scale.orgs = static_cast<std::uint32_t>(std::max<std::size_t>(4, 2 * vendor_count));
  o.scale.members_per_org = 4;
  o.scale.contracts_per_org = 3;
  o.scale.days = static_cast<std::uint32_t>(days);
  o.start_ms = *sim::parse_iso_instant("2026-08-12T18:00:00Z"); // a Wednesday: the re-read window spans 10 days
  o.frozen_clock = true;
  o.oauth.client_secret = client_secret;
  o.faults.rate_limit_rps = 10; // Upwork's documented limit
  o.faults.rate_limit_burst = 10;
  sim::simulator sim{o};
  sim.start();
  auto orgs = bench::vendor_orgs(sim, SIZE_MAX, vendor_count);
  auto url = dbs.fresh("requests");
  auto world = bench::seed_world(url, sim, key_hex, client_id, orgs);
  auto syncing = static_cast<long long>(world.syncing());
  long long contract_days = syncing * days;
  long long contract_days_with_time = 0;
  const auto& w = sim.state().w;
  for (const auto& c : world.contracts)
    if (bench::syncs(c))
      for (auto day = w.today() - days + 1; day <= w.today(); ++day)
        contract_days_with_time += w.total(c, day).cells > 0;

  bench::engine_for_sim e;
  e.database_url = url;
  e.key_hex = key_hex;
  e.client_id = client_id;
  e.client_secret = client_secret;
  e.import_days = days; // upsyncd's default budget (8/s, burst 1) stays
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
  double import_seconds = std::chrono::duration<double>(clock_type::now() - import_start).count();
  auto import = snapshot(sim) - before_import;

  // 2. Steady state: a restarted engine re-reads the import window once per organization,
  // then cycles every 2 s over the re-read window. Only cycles after the first count.
  e.cycle_interval = std::chrono::seconds(2);
  sync::engine engine{bench::engine_settings(sim, e)};
  auto restart = snapshot(sim);
  engine.start();
  auto orgs_n = static_cast<std::uint64_t>(orgs.size());
  wait_for([&] { return (snapshot(sim) - restart).time_reports >= orgs_n; }, std::chrono::seconds(120),
           "the first cycle after the restart");
  auto steady_start = snapshot(sim);
  wait_for([&] { return (snapshot(sim) - steady_start).time_reports >= orgs_n * cycles; }, std::chrono::seconds(600),
           "steady cycles");
  auto steady = snapshot(sim) - steady_start;

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
  auto change = snapshot(sim) - change_start;
  auto total_429 = snapshot(sim).too_many;
  double load_after = bench::load_average();

  double per_contract_day = ratio(import.total, contract_days);
  double per_contract_day_with_time = ratio(import.total, contract_days_with_time);
  double steady_per_org_cycle = ratio(steady.total, steady.time_reports);
  // The change was seen within one cycle of its organization: that cycle is its time
  // report plus the diaries it fetched; other organizations' cycles in the window are steady.
  double changed_cycle_requests = 1.0 + static_cast<double>(change.diaries);

  std::printf("bench_requests: %zu organizations, %lld syncing contracts, %d days (%lld contract-days, %lld with "
              "time); simulator limit 10 req/s (burst 10), upsync budget 8/s (burst 1)\n\n",
              orgs.size(), syncing, days, contract_days, contract_days_with_time);
  std::printf("| case | requests | per | value | target | |\n|---|---:|---|---:|---:|---|\n");
  std::printf("| first import | %llu | contract-day | %.3f | — | |\n", (unsigned long long)import.total,
              per_contract_day);
  std::printf("| first import | %llu | contract-day with time | %.3f | — | |\n", (unsigned long long)import.total,
              per_contract_day_with_time);
  std::printf("| steady, nothing changed | %llu | organization cycle (%llu cycles) | %.3f | <= 1.1 | %s |\n",
              (unsigned long long)steady.total, (unsigned long long)steady.time_reports, steady_per_org_cycle,
              steady_per_org_cycle <= 1.1 ? "met" : "MISSED");
  std::printf("| one contract-day changed | %.0f | cycle of its organization | %.0f | — | |\n", changed_cycle_requests,
              changed_cycle_requests);
  std::printf("| 429 answers, whole run | %llu | — | %llu | 0 | %s |\n", (unsigned long long)total_429,
              (unsigned long long)total_429, total_429 == 0 ? "met" : "MISSED");
  std::printf("\nfirst import: %.1f s, %.1f requests/s (budget 8/s)\n", import_seconds,
              ratio(import.total, import_seconds));

  json::writer j;
  j.begin_object().field("benchmark", "request_efficiency");
  bench::write_machine(j, load_before, load_after, "request counts do not depend on the machine's load");
  j.key("config")
    .begin_object()
    .field("organizations", static_cast<std::int64_t>(orgs.size()))
    .field("syncing_contracts", static_cast<std::int64_t>(syncing))
    .field("days", days)
    .field("contract_days", static_cast<std::int64_t>(contract_days))
    .field("contract_days_with_time", static_cast<std::int64_t>(contract_days_with_time))
    .field("sim_rate_limit_rps", 10)
    .field("upsync_budget_rps", 8)
    .field("smoke", smoke)
    .end_object();
  j.key("first_import")
    .begin_object()
    .field("requests", static_cast<std::int64_t>(import.total))
    .field("time_report_pages", static_cast<std::int64_t>(import.time_reports))
    .field("work_diaries", static_cast<std::int64_t>(import.diaries))
    .field("seconds", import_seconds)
    .field("requests_per_contract_day", per_contract_day)
    .field("requests_per_contract_day_with_time", per_contract_day_with_time)
    .end_object();
  j.key("steady")
    .begin_object()
    .field("requests", static_cast<std::int64_t>(steady.total))
    .field("organization_cycles", static_cast<std::int64_t>(steady.time_reports))
    .field("requests_per_organization_cycle", steady_per_org_cycle)
    .field("target", 1.1)
    .end_object();
  j.key("one_day_changed")
    .begin_object()
    .field("work_diaries", static_cast<std::int64_t>(change.diaries))
    .field("requests_in_the_changed_organizations_cycle", changed_cycle_requests)
    .end_object();
  j.field("answers_429", static_cast<std::int64_t>(total_429)).end_object();
  std::ofstream out{json_path};
  out << j.str() << "\n";
  std::cout << "figures written to " << json_path << "\n";
  return 0;
} catch (const std::exception& e) {
  std::cerr << "bench_requests failed: " << e.what() << "\n";
  return 1;
}
