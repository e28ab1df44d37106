// bench_api: upsyncd's HTTP API under `wrk` on loopback, with 1,000 organizations and
// 10,000 contracts in the database (and their intervals): requests/s, p50 and p99 of the
// interval list (first page, 100 items) and of the status dashboard (every organization
// and contract of the workspace). Target: interval list p99 <= 10 ms at >= 5,000 req/s.
//
// wrk is closed-loop: each connection sends its next request only when the previous answer
// is in, so when the server stalls, wrk stops sending and the requests that would have
// waited during the stall are never measured (coordinated omission). Its percentiles
// describe the answers it got at the rate it could sustain, not the latency users arriving
// at a fixed rate would see.
//
// wrk asks for the same page every time, so with the API cache (the default) it measures
// the cache's hit path; a third run with UPSYNC_API_CACHE_BYTES=0 measures the cold path
// (one PostgreSQL round trip per request).
#include "bench/support/args.hpp"
#include "bench/support/daemon.hpp"
#include "bench/support/databases.hpp"
#include "bench/support/machine.hpp"
#include "bench/support/seed_history.hpp"
#include "bench/support/seed_world.hpp"

#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <thread>

using namespace upsync;
using clock_type = std::chrono::steady_clock;

namespace {

const std::string key_hex(64, 'f');
const std::string client_id = "upsync-bench-api";
const std::string client_secret = "bench-secret";

struct wrk_result {
  std::string name, path;
  int connections = 0;
  double seconds = 0;
  double rps = 0;
  double p50_ms = 0, p90_ms = 0, p99_ms = 0;
  long long requests = 0, non_2xx = 0, socket_errors = 0;
  std::string raw;
};

double to_ms(const std::string& number, const std::string& unit) {
  double v = std::stod(number);
  if (unit == "us")
    return v / 1000;
  if (unit == "s")
    return v * 1000;
  return v; // ms
}

wrk_result run_wrk(const std::string& name, const std::string& base, const std::string& path, const std::string& token,
                   int connections, int seconds) {
  // A long timeout: wrk leaves answers slower than its timeout (2 s by default) out of
  // the percentiles, which would hide a slow page entirely.
  std::string command = "wrk --latency --timeout 60s -t2 -c" + std::to_string(connections) + " -d"
                        + std::to_string(seconds) + "s -H 'Authorization: Bearer " + token + "' '" + base + path
                        + "' 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe)
    throw std::runtime_error("cannot run wrk");
  wrk_result r;
  r.name = name;
  r.path = path;
  r.connections = connections;
  r.seconds = seconds;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe))
    r.raw += buffer;
  if (::pclose(pipe) != 0)
    throw std::runtime_error("wrk failed (is it installed? ./run deps):\n" + r.raw);
  std::smatch m;
  auto percentile = [&](const char* p) {
    std::regex re{std::string{"\\s"} + p + "%\\s+([0-9.]+)(us|ms|s)"};
    return std::regex_search(r.raw, m, re) ? to_ms(m[1], m[2]) : -1.0;
  };
  r.p50_ms = percentile("50");
  r.p90_ms = percentile("90");
  r.p99_ms = percentile("99");
  if (std::regex_search(r.raw, m, std::regex{"Requests/sec:\\s+([0-9.]+)"}))
    r.rps = std::stod(m[1]);
  if (std::regex_search(r.raw, m, std::regex{"([0-9]+) requests in"}))
    r.requests = std::stoll(m[1]);
  if (std::regex_search(r.raw, m, std::regex{"Non-2xx or 3xx responses:\\s+([0-9]+)"}))
    r.non_2xx = std::stoll(m[1]);
  if (std::regex_search(r.raw, m,
                        std::regex{"Socket errors: connect ([0-9]+), read ([0-9]+), write ([0-9]+), timeout ([0-9]+)"}))
    r.socket_errors = std::stoll(m[1]) + std::stoll(m[2]) + std::stoll(m[3]) + std::stoll(m[4]);
  return r;
}

// upsync_api_cache_requests_total{result=...} from the daemon's /metrics: how the cache
// answered (hit, miss, off), so the table says how many requests were hits.
std::map<std::string, long long> cache_answers(const std::string& base) {
  std::map<std::string, long long> out;
  FILE* pipe = ::popen(("curl -sf '" + base + "/metrics' 2>/dev/null").c_str(), "r");
  if (!pipe)
    return out;
  std::string text;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe))
    text += buffer;
  ::pclose(pipe);
  std::regex re{"upsync_api_cache_requests_total\\{result=\"([a-z]+)\"\\} ([0-9.e+]+)"};
  for (std::sregex_iterator it{text.begin(), text.end(), re}, end; it != end; ++it)
    out[(*it)[1]] = static_cast<long long>(std::stod((*it)[2]));
  return out;
}

// Intervals of the last 30 days for every syncing contract: one to three a day on about
// two days of three, like the simulator's diaries. Set-based, so 10,000 contracts take
// seconds.
constexpr const char* seed_intervals =
  "INSERT INTO time_intervals (workspace_id, member_id, project_id, started_at, ended_at, bill_rate, currency,"
  "                            source, upwork_contract_id)"
  " SELECT c.workspace_id, u.member_id, c.project_id,"
  "        date_trunc('day', now()) - d * interval '1 day' + (8 + 3 * k) * interval '1 hour',"
  "        date_trunc('day', now()) - d * interval '1 day' + (8 + 3 * k) * interval '1 hour'"
  "          + (1 + (hashtext(c.id) + d + k) % 2 + 1) * interval '30 minutes',"
  "        25, 'USD', 'upwork', c.id"
  " FROM upwork_contracts c"
  " JOIN upwork_users u ON u.workspace_id = c.workspace_id AND u.organization_id = c.organization_id"
  "  AND u.upwork_user_id = c.upwork_user_id"
  " CROSS JOIN generate_series(1, 30) d CROSS JOIN generate_series(0, 2) k"
  " WHERE c.workspace_id = $1 AND c.status = 'active' AND c.kind = 'hourly'"
  "   AND (hashtext(c.id || d::text) % 3 <> 0) AND k <= abs(hashtext(c.id || d::text)) % 3";

} // namespace

int main(int argc, char** argv) try {
  bench::args a{argc, argv};
  if (a.flag("help")) {
    std::cout << "usage: bench_api [--json FILE] [--pg-url URL] [--orgs N] [--contracts N] [--seconds S]\n"
                 "                 [--connections C] [--log FILE] [--smoke]\n";
    return 0;
  }
  bool smoke = a.flag("smoke");
  auto json_path = a.get("json", "bench-api.json");
  auto orgs_wanted = static_cast<std::size_t>(a.get("orgs", smoke ? 10LL : 1000LL));
  auto contracts_wanted = static_cast<std::size_t>(a.get("contracts", smoke ? 100LL : 10000LL));
  int seconds = static_cast<int>(a.get("seconds", smoke ? 2LL : 15LL));
  int connections = static_cast<int>(a.get("connections", 16LL));
  auto log_path = a.get("log", std::string{"bench-api-upsyncd.log"});
  bench::databases dbs{a.get("pg-url")};
  spdlog::set_level(spdlog::level::warn);
  double load_before = bench::load_average();

  // Vendors hold 2 x contracts_per_org contracts: orgs x that = the contracts wanted.
  sim::sim_options o;
  o.scale.seed = 77;
  o.scale.orgs = static_cast<std::uint32_t>(2 * orgs_wanted);
  o.scale.members_per_org = 6;
  o.scale.contracts_per_org = static_cast<std::uint32_t>(std::max<std::size_t>(1, contracts_wanted / orgs_wanted / 2));
  o.scale.days = 30;
  o.frozen_clock = true;
  o.oauth.client_secret = client_secret;
  sim::simulator sim{o};
  sim.start();
  auto orgs = bench::vendor_orgs(sim, SIZE_MAX, orgs_wanted);
  auto url = dbs.fresh("api");
  auto world = bench::seed_world(url, sim, key_hex, client_id, orgs);
  // Imports finished, so the engine idles while wrk runs.
  bench::seed_imported_history(url, sim, world, 30);
  long long intervals = 0;
  {
    pqxx::connection db{url};
    pqxx::work tx{db};
    intervals = static_cast<long long>(tx.exec_params0(seed_intervals, world.workspace_id).affected_rows());
    tx.commit();
    pqxx::nontransaction vacuum{db};
    vacuum.exec0("VACUUM ANALYZE");
  }
  std::printf("bench_api: %zu organizations, %zu contracts (%zu syncing), %lld intervals; database: %s\n", orgs.size(),
              world.contracts.size(), world.syncing(), intervals, dbs.describe().c_str());
  std::fflush(stdout);

  auto env = bench::daemon_env(url, key_hex, client_id, client_secret, sim.base_url());
  env.insert({
    {"UPSYNC_IMPORT_DAYS", "30"},
    {"UPSYNC_UPWORK_MAX_RPS", "1000"},
    {"UPSYNC_LOG_LEVEL", "warn"}, // one log line per request would measure the logger
  });
  // Each daemon first finishes its start-up cycle over every organization (then nothing
  // runs for 5 min): `cycles` start-up cycles' worth of time reports answered.
  auto n = static_cast<std::uint64_t>(orgs.size());
  auto start_daemon = [&](std::map<std::string, std::string> daemon_env, std::uint64_t cycles) {
    auto d = std::make_unique<bench::daemon>(UPSYNCD_PATH, std::move(daemon_env), log_path);
    auto deadline = clock_type::now() + std::chrono::minutes(10);
    while (sim.state().stats.count("contractTimeReport", 200) < cycles * n) {
      if (clock_type::now() > deadline)
        throw std::runtime_error("the engine's start-up cycle did not finish");
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return d;
  };

  // With the API cache (the default): wrk asks for the same first page again and again,
  // so after the first request every answer comes from memory.
  std::vector<wrk_result> results;
  std::map<std::string, long long> answers;
  {
    auto upsyncd = start_daemon(env, 1);
    auto base = upsyncd->base_url();
    results.push_back(
      run_wrk("interval list (100 items)", base, "/api/v1/time-intervals", world.api_token, connections, seconds));
    answers = cache_answers(base);
    results.push_back(
      run_wrk("status dashboard", base, "/api/v1/upwork/status", world.api_token, std::min(connections, 4), seconds));
    upsyncd->stop();
  }
  // The cold path, every request a PostgreSQL round trip: the cache turned off.
  {
    auto cold_env = env;
    cold_env["UPSYNC_API_CACHE_BYTES"] = "0";
    auto upsyncd = start_daemon(cold_env, 2);
    results.push_back(run_wrk("interval list, cache off", upsyncd->base_url(), "/api/v1/time-intervals",
                              world.api_token, connections, seconds));
    upsyncd->stop();
  }
  double load_after = bench::load_average();

  std::printf("\n| endpoint | connections | req/s | p50 ms | p90 ms | p99 ms | non-2xx | target |\n"
              "|---|---:|---:|---:|---:|---:|---:|---|\n");
  for (const auto& r : results) {
    std::string target = "—";
    if (&r == &results.front())
      target = std::string{"p99 <= 10 ms at >= 5,000 req/s: "} + (r.p99_ms <= 10 && r.rps >= 5000 ? "met" : "MISSED");
    std::printf("| %s | %d | %.0f | %.2f | %.2f | %.2f | %lld | %s |\n", r.name.c_str(), r.connections, r.rps, r.p50_ms,
                r.p90_ms, r.p99_ms, r.non_2xx, target.c_str());
  }
  std::printf("\nAPI cache during the interval list (with the cache): %lld hits, %lld misses, %lld off — wrk "
              "repeats one page, so this is the hit path; the cache-off row is the cold path.\n",
              answers["hit"], answers["miss"], answers["off"]);
  for (const auto& r : results)
    if (r.socket_errors > 0 || r.requests == 0)
      std::printf("\n%s: wrk said\n%s", r.name.c_str(), r.raw.c_str());
  std::printf("\nwrk is closed-loop (coordinated omission): it never sends more than the server answers, so stalls "
              "shrink the request count instead of showing up in the percentiles. wrk's own threads share the 2 "
              "cores. load average %.2f before, %.2f after\n",
              load_before, load_after);

  json::writer j;
  j.begin_object().field("benchmark", "api_latency");
  bench::write_machine(j, load_before, load_after, "wrk, upsyncd, PostgreSQL and the simulator share the cores");
  j.key("config")
    .begin_object()
    .field("organizations", static_cast<std::int64_t>(orgs.size()))
    .field("contracts", static_cast<std::int64_t>(world.contracts.size()))
    .field("syncing_contracts", static_cast<std::int64_t>(world.syncing()))
    .field("intervals", static_cast<std::int64_t>(intervals))
    .field("seconds_per_run", seconds)
    .field("database", dbs.describe())
    .field("note", "wrk is closed-loop: coordinated omission hides queueing behind stalls")
    .field("smoke", smoke)
    .end_object();
  j.key("api_cache_answers")
    .begin_object()
    .field("hit", static_cast<std::int64_t>(answers["hit"]))
    .field("miss", static_cast<std::int64_t>(answers["miss"]))
    .field("off", static_cast<std::int64_t>(answers["off"]))
    .end_object();
  j.key("results").begin_array();
  for (const auto& r : results)
    j.begin_object()
      .field("endpoint", r.name)
      .field("path", r.path)
      .field("connections", r.connections)
      .field("requests", static_cast<std::int64_t>(r.requests))
      .field("requests_per_s", r.rps)
      .field("p50_ms", r.p50_ms)
      .field("p90_ms", r.p90_ms)
      .field("p99_ms", r.p99_ms)
      .field("non_2xx", static_cast<std::int64_t>(r.non_2xx))
      .field("socket_errors", static_cast<std::int64_t>(r.socket_errors))
      .end_object();
  j.end_array();
  j.key("target")
    .begin_object()
    .field("interval_list_p99_ms", 10.0)
    .field("interval_list_requests_per_s", 5000.0)
    .field("met", results.front().p99_ms <= 10 && results.front().rps >= 5000)
    .end_object()
    .end_object();
  std::ofstream out{json_path};
  out << j.str() << "\n";
  std::cout << "figures written to " << json_path << "\n";
  for (const auto& r : results)
    if (r.non_2xx > 0) {
      std::cerr << "bench_api: " << r.name << " answered " << r.non_2xx << " non-2xx responses\n";
      return 1;
    }
  return 0;
} catch (const std::exception& e) {
  std::cerr << "bench_api failed: " << e.what() << "\n";
  return 1;
}
