// bench_sim: GraphQL requests/s, latency and memory of upwork-sim at 100,000 contracts.
// Over 400 lines on purpose: the load generator, its query mix and the report belong to one measurement.
#include "common/json_writer.hpp"
#include "protocol/upwork/civil_time.hpp"
#include "protocol/upwork/queries.hpp"
#include "sim/civil_time.hpp"
#include "sim/simulator.hpp"

#include <spdlog/spdlog.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

using clock_type = std::chrono::steady_clock;
namespace queries = upsync::upwork::queries;

// -- process and machine facts ----------------------------------------------------------

/// A "Key:   123 kB" line of /proc/self/status, in KiB (0 when absent).
std::int64_t status_kib(const std::string& key) {
  std::ifstream status{"/proc/self/status"};
  std::string line;
  while (std::getline(status, line))
    if (line.rfind(key + ":", 0) == 0)
      return std::stoll(line.substr(key.size() + 1));
  return 0;
}

std::string cpu_model() {
  std::ifstream info{"/proc/cpuinfo"};
  std::string line;
  while (std::getline(info, line))
    if (line.rfind("model name", 0) == 0) {
      auto colon = line.find(':');
      return colon == std::string::npos ? line : line.substr(line.find_first_not_of(" \t", colon + 1));
    }
  return "unknown";
}

/// The 1-minute load average: other builds on the shared cores skew the figures.
double load_average() {
  std::ifstream in{"/proc/loadavg"};
  double one = 0;
  in >> one;
  return one;
}

std::int64_t mem_total_kib() {
  std::ifstream info{"/proc/meminfo"};
  std::string key;
  std::int64_t kib = 0;
  while (info >> key >> kib)
    if (key == "MemTotal:")
      return kib;
    else
      info.ignore(1 << 10, '\n');
  return 0;
}

// -- a minimal keep-alive HTTP/1.1 client ------------------------------------------------
// Raw sockets rather than Beast: the client shares the two cores with the server, so every
// cycle it saves is a cycle the server gets; requests are pre-serialised for the same reason.

class loopback_client {
public:
  explicit loopback_client(unsigned short port) : port_(port) { open(); }
  ~loopback_client() { close_fd(); }
  loopback_client(const loopback_client&) = delete;
  loopback_client& operator=(const loopback_client&) = delete;

  /// Sends one pre-serialised request and reads the whole answer; returns the status and
  /// leaves the body in `body()`.
  int exchange(const std::string& request) {
    send_all(request);
    return read_response();
  }
  const std::string& body() const { return body_; }

private:
  void open() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0)
      throw std::runtime_error(std::string{"socket: "} + std::strerror(errno));
    int one = 1;
    // Small requests and answers: Nagle would add delayed-ACK stalls to every round trip.
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port_);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
      throw std::runtime_error(std::string{"connect: "} + std::strerror(errno));
    buf_.clear();
  }

  void close_fd() {
    if (fd_ >= 0)
      ::close(fd_);
    fd_ = -1;
  }

  void send_all(const std::string& data) {
    std::size_t sent = 0;
    while (sent < data.size()) {
      auto n = ::send(fd_, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
      if (n <= 0)
        throw std::runtime_error(std::string{"send: "} + std::strerror(errno));
      sent += static_cast<std::size_t>(n);
    }
  }

  void receive() {
    char chunk[64 * 1024];
    auto n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0)
      throw std::runtime_error(n == 0 ? "connection closed by the simulator"
                                      : std::string{"recv: "} + std::strerror(errno));
    buf_.append(chunk, static_cast<std::size_t>(n));
  }

  int read_response() {
    std::size_t head_end;
    while ((head_end = buf_.find("\r\n\r\n")) == std::string::npos)
      receive();
    if (buf_.size() < 12 || buf_.compare(0, 5, "HTTP/") != 0)
      throw std::runtime_error("malformed status line");
    int status = std::atoi(buf_.c_str() + 9);
    std::size_t length = 0;
    bool close_after = false;
    // Header names are case-insensitive; lower-case a copy of the head once.
    std::string head = buf_.substr(0, head_end);
    std::transform(head.begin(), head.end(), head.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    if (auto at = head.find("\r\ncontent-length:"); at != std::string::npos)
      length = std::strtoull(head.c_str() + at + 17, nullptr, 10);
    else if (head.find("\r\ntransfer-encoding:") != std::string::npos)
      throw std::runtime_error("chunked answers are not expected from the simulator");
    if (head.find("\r\nconnection: close") != std::string::npos)
      close_after = true;
    const auto body_start = head_end + 4;
    while (buf_.size() < body_start + length)
      receive();
    body_.assign(buf_, body_start, length);
    buf_.erase(0, body_start + length);
    if (close_after) { // keep the benchmark going, but this should not happen
      close_fd();
      open();
    }
    return status;
  }

  unsigned short port_;
  int fd_ = -1;
  std::string buf_;
  std::string body_;
};

// -- the operations ---------------------------------------------------------------------------

struct operation {
  std::string name;
  std::string what; ///< one line for the table's legend
  int expected_status = 200;
  std::string item_marker;           ///< counted in each answer to report items/request
  std::vector<std::string> requests; ///< pre-serialised, cycled through by each client
  bool is_baseline = false;
};

std::string graphql_request(const std::string& body, const std::string& token, const std::string& tenant) {
  std::string r = "POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                  + "\r\nContent-Type: application/json\r\n";
  if (!tenant.empty())
    r += "X-Upwork-API-TenantId: " + tenant + "\r\n";
  r += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  return r;
}

upsync::upwork::date to_date(std::int64_t epoch_day) { return upsync::upwork::date::from_days_since_epoch(epoch_day); }

/// Each operation gets a pool of distinct requests spread over the whole dataset, so the
/// figures are not those of one hot record.
std::vector<operation> build_operations(upsync::sim::simulator& sim, const std::string& token, std::size_t pool) {
  const auto& w = sim.state().w;
  const auto& d = w.data();
  const auto today = w.today();
  std::vector<operation> ops;

  operation base{"baseline_404", "GET of an unknown path: HTTP, routing, stats, no GraphQL", 404, "", {}, true};
  base.requests.push_back("GET /bench/unknown HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  ops.push_back(std::move(base));

  operation typename_op{"graphql_typename", "{ __typename }: auth, GraphQL parse, no data", 200, "", {}, false};
  typename_op.requests.push_back(graphql_request("{\"query\":\"{ __typename }\"}", token, ""));
  ops.push_back(std::move(typename_op));

  operation details{
    "contractDetails", "one contract with parties and rate terms", 200, "\"contractDetails\":{", {}, false};
  for (std::size_t i = 0; i < pool; ++i) {
    auto c = d.contract(static_cast<std::uint32_t>((i * 7919 + 13) % d.contract_count()));
    details.requests.push_back(graphql_request(queries::contract_details(c.id), token, d.org(c.vendor_org).id));
  }
  ops.push_back(std::move(details));

  // Only contract-days that hold time: the import asks for those (found through workDays).
  operation diary{
    "workDiaryContract", "one contract-day with time, every cell with details", 200, "\"cellDateTime\"", {}, false};
  for (std::uint32_t i = 0; diary.requests.size() < pool && i < d.contract_count(); ++i) {
    auto c = d.contract(static_cast<std::uint32_t>((i * 7919ULL + 101) % d.contract_count()));
    for (std::int64_t back = 1 + i % 80; back < 90; back += 7) {
      auto day = today - back;
      if (day < d.first_day() || w.total(c, day).cells == 0)
        continue;
      diary.requests.push_back(
        graphql_request(queries::work_diary_contract(c.id, to_date(day)), token, d.org(c.vendor_org).id));
      break;
    }
  }
  ops.push_back(std::move(diary));

  operation report{
    "contractTimeReport", "an organization over 14 days, page of 500", 200, "\"dateWorkedOn\"", {}, false};
  for (std::size_t i = 0; i < pool; ++i) {
    auto org = d.org(static_cast<std::uint32_t>((i * 7919 + 7) % d.org_count()));
    upsync::upwork::date_range range{to_date(today - 13), to_date(today)};
    report.requests.push_back(
      graphql_request(queries::contract_time_report(org.id, range, {}, 500, ""), token, org.id));
  }
  ops.push_back(std::move(report));

  operation staffs{
    "organization.staffs", "organization { staffs } page of 100", 200, "\"activationStatus\"", {}, false};
  for (std::size_t i = 0; i < pool; ++i) {
    auto org = d.org(static_cast<std::uint32_t>((i * 7919 + 3) % d.org_count()));
    staffs.requests.push_back(graphql_request(queries::staffs(100, ""), token, org.id));
  }
  ops.push_back(std::move(staffs));
  return ops;
}

std::size_t count_of(const std::string& text, const std::string& marker) {
  if (marker.empty())
    return 0;
  std::size_t n = 0;
  for (auto at = text.find(marker); at != std::string::npos; at = text.find(marker, at + 1))
    ++n;
  return n;
}

/// Sends every request of the pool once: the answers must be what the operation expects
/// (no GraphQL errors), and their sizes and items describe the load. Also warms up.
struct pool_check {
  double mean_bytes = 0;
  double mean_items = 0;
};

pool_check check_pool(unsigned short port, const operation& op) {
  loopback_client client{port};
  std::size_t bytes = 0, items = 0;
  for (const auto& r : op.requests) {
    auto status = client.exchange(r);
    if (status != op.expected_status || (!op.is_baseline && client.body().find("\"errors\"") != std::string::npos))
      throw std::runtime_error(op.name + ": unexpected answer " + std::to_string(status) + " "
                               + client.body().substr(0, 300));
    bytes += client.body().size();
    items += count_of(client.body(), op.item_marker);
  }
  auto n = static_cast<double>(op.requests.size());
  return {static_cast<double>(bytes) / n, static_cast<double>(items) / n};
}

// -- load ---------------------------------------------------------------------------------------

struct run_result {
  std::string operation;
  int clients = 0;
  std::uint64_t requests = 0;
  std::uint64_t errors = 0; ///< answers with another status than expected
  double seconds = 0;
  double rps = 0;     ///< median over the rounds
  double rps_min = 0; ///< the spread over the rounds shows the noise of the shared cores
  double rps_max = 0;
  double p50_ms = 0; ///< over every request of every round (histogram, < 1.6 % error)
  double p99_ms = 0;
  double mean_bytes = 0;
  double mean_items = 0;
  double cost_vs_baseline = 0; ///< baseline req/s ÷ this req/s, same client count
};

/// Latencies in log-linear buckets (64 per power of two, so under 1.6 % error): a few KiB
/// whatever the request count, so the benchmark's own memory stays out of the RSS figures.
class latency_histogram {
public:
  void add(std::uint64_t ns) {
    ++counts_[bucket_of(ns)];
    ++total_;
  }
  void merge(const latency_histogram& other) {
    for (std::size_t b = 0; b < counts_.size(); ++b)
      counts_[b] += other.counts_[b];
    total_ += other.total_;
  }
  std::uint64_t total() const { return total_; }
  double percentile_ms(double q) const {
    if (total_ == 0)
      return 0;
    auto rank = static_cast<std::uint64_t>(q * static_cast<double>(total_ - 1));
    std::uint64_t seen = 0;
    for (std::size_t b = 0; b < counts_.size(); ++b) {
      seen += counts_[b];
      if (seen > rank) // the middle of the bucket
        return static_cast<double>(lowest_of(b) + lowest_of(b + 1)) / 2e6;
    }
    return 0;
  }

private:
  static constexpr int sub_bits = 6;
  static std::size_t bucket_of(std::uint64_t ns) {
    if (ns < (1u << sub_bits))
      return static_cast<std::size_t>(ns);
    int shift = 63 - __builtin_clzll(ns) - sub_bits;
    return (static_cast<std::size_t>(shift + 1) << sub_bits)
           + static_cast<std::size_t>((ns >> shift) & ((1u << sub_bits) - 1));
  }
  static std::uint64_t lowest_of(std::size_t b) {
    if (b < (1u << sub_bits))
      return b;
    auto shift = (b >> sub_bits) - 1;
    return ((1ULL << sub_bits) + (b & ((1u << sub_bits) - 1))) << shift;
  }

  std::vector<std::uint64_t> counts_ = std::vector<std::uint64_t>(std::size_t{64} << sub_bits);
  std::uint64_t total_ = 0;
};

/// One timed run of one operation at one client count.
struct load_sample {
  latency_histogram latencies;
  std::uint64_t errors = 0;
  double seconds = 0;
  double rps() const { return static_cast<double>(latencies.total()) / seconds; }
};

/// Closed loop: each client thread sends its next request as soon as the answer is in.
load_sample run_load(unsigned short port, const operation& op, int clients, std::chrono::milliseconds duration) {
  struct per_thread {
    latency_histogram latencies;
    std::uint64_t errors = 0;
    std::string failure;
  };
  std::vector<per_thread> results(static_cast<std::size_t>(clients));
  std::atomic<int> ready{0};
  std::atomic<bool> go{false};
  std::atomic<clock_type::rep> deadline_rep{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < clients; ++t)
    threads.emplace_back([&, t] {
      auto& mine = results[static_cast<std::size_t>(t)];
      bool counted = false; // a failing thread must still be counted as ready, once
      try {
        loopback_client client{port};
        // Offset the threads in the pool so they do not ask for the same record together.
        std::size_t next = static_cast<std::size_t>(t) * op.requests.size() / clients;
        for (int i = 0; i < 20; ++i) // warm the connection and the caches, untimed
          client.exchange(op.requests[next++ % op.requests.size()]);
        counted = true;
        ready.fetch_add(1);
        while (!go.load(std::memory_order_acquire))
          std::this_thread::yield();
        const clock_type::time_point deadline{clock_type::duration{deadline_rep.load()}};
        auto sent = clock_type::now();
        while (sent < deadline) {
          auto status = client.exchange(op.requests[next++ % op.requests.size()]);
          auto done = clock_type::now();
          mine.latencies.add(
            static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(done - sent).count()));
          if (status != op.expected_status)
            ++mine.errors;
          sent = done;
        }
      } catch (const std::exception& e) {
        mine.failure = e.what();
        if (!counted)
          ready.fetch_add(1);
      }
    });
  while (ready.load() < clients)
    std::this_thread::yield();
  auto started = clock_type::now();
  deadline_rep.store((started + duration).time_since_epoch().count());
  go.store(true, std::memory_order_release);
  for (auto& t : threads)
    t.join();

  load_sample sample;
  sample.seconds = std::chrono::duration<double>(clock_type::now() - started).count();
  for (auto& pt : results) {
    if (!pt.failure.empty())
      throw std::runtime_error(op.name + ": client failed: " + pt.failure);
    sample.latencies.merge(pt.latencies);
    sample.errors += pt.errors;
  }
  return sample;
}

/// The rounds of one (operation, clients) cell, folded as they come.
struct cell_rounds {
  latency_histogram latencies;
  std::vector<double> rates;
  std::uint64_t errors = 0;
  double seconds = 0;
  void add(const load_sample& s) {
    latencies.merge(s.latencies);
    rates.push_back(s.rps());
    errors += s.errors;
    seconds += s.seconds;
  }
};

run_result summarize(const operation& op, int clients, cell_rounds& cell) {
  run_result r;
  r.operation = op.name;
  r.clients = clients;
  r.requests = cell.latencies.total();
  r.errors = cell.errors;
  r.seconds = cell.seconds;
  auto rates = cell.rates;
  std::sort(rates.begin(), rates.end());
  r.rps = rates.size() % 2 ? rates[rates.size() / 2] : (rates[rates.size() / 2 - 1] + rates[rates.size() / 2]) / 2;
  r.rps_min = rates.front();
  r.rps_max = rates.back();
  r.p50_ms = cell.latencies.percentile_ms(0.50);
  r.p99_ms = cell.latencies.percentile_ms(0.99);
  return r;
}

// -- output -------------------------------------------------------------------------------------

std::string format_number(const char* format, double v) {
  char text[64];
  std::snprintf(text, sizeof text, format, v);
  return text;
}

struct memory_figures {
  std::int64_t before_kib = 0;
  std::int64_t after_start_kib = 0;
  std::int64_t after_load_kib = 0;
  std::int64_t peak_kib = 0;
};

void write_json(const std::string& path, const std::vector<run_result>& runs, const memory_figures& mem,
                double start_ms, int server_threads, const upsync::sim::scale_options& scale,
                std::chrono::milliseconds duration, int rounds, double load_before, double load_after) {
  upsync::json::writer w;
  w.begin_object().field("benchmark", "sim_throughput");
  w.key("machine")
    .begin_object()
    .field("nproc", static_cast<std::int64_t>(std::thread::hardware_concurrency()))
    .field("cpu", cpu_model())
    .field("mem_total_kib", mem_total_kib())
    .field("loadavg_1m_before", load_before)
    .field("loadavg_1m_after", load_after)
    .field("note", "client and server threads share the same cores")
    .end_object();
  w.key("config")
    .begin_object()
    .field("orgs", static_cast<std::int64_t>(scale.orgs))
    .field("contracts", static_cast<std::int64_t>(scale.orgs) * scale.contracts_per_org)
    .field("days", static_cast<std::int64_t>(scale.days))
    .field("server_io_threads", server_threads)
    .field("seconds_per_run", static_cast<double>(duration.count()) / 1000.0)
    .field("rounds", rounds)
    .end_object();
  w.key("memory_kib")
    .begin_object()
    .field("before_start", mem.before_kib)
    .field("after_start", mem.after_start_kib)
    .field("after_load", mem.after_load_kib)
    .field("peak_vmhwm", mem.peak_kib)
    .end_object();
  w.field("build_and_start_ms", start_ms);
  w.key("results").begin_array();
  for (const auto& r : runs)
    w.begin_object()
      .field("operation", r.operation)
      .field("clients", r.clients)
      .field("requests", static_cast<std::int64_t>(r.requests))
      .field("errors", static_cast<std::int64_t>(r.errors))
      .field("seconds", r.seconds)
      .field("requests_per_s", r.rps)
      .field("requests_per_s_min", r.rps_min)
      .field("requests_per_s_max", r.rps_max)
      .field("p50_ms", r.p50_ms)
      .field("p99_ms", r.p99_ms)
      .field("mean_response_bytes", r.mean_bytes)
      .field("mean_items", r.mean_items)
      .field("cost_vs_baseline", r.cost_vs_baseline)
      .end_object();
  w.end_array().end_object();
  std::ofstream out{path};
  out << w.str() << "\n";
  if (!out)
    throw std::runtime_error("cannot write " + path);
}

void usage() {
  std::cout << "usage: bench_sim [--json FILE] [--seconds S] [--rounds R]\n"
               "  --json FILE   where to write the figures (default bench-sim.json)\n"
               "  --seconds S   length of each timed run (default 0.6)\n"
               "  --rounds R    rounds of all 18 (operation, clients) runs; the median counts "
               "(default 3)\n";
}

} // namespace

int main(int argc, char** argv) {
  std::string json_path = "bench-sim.json";
  double seconds = 0.6;
  int rounds = 3;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--json" && i + 1 < argc)
      json_path = argv[++i];
    else if (a == "--seconds" && i + 1 < argc)
      seconds = std::stod(argv[++i]);
    else if (a == "--rounds" && i + 1 < argc)
      rounds = std::max(1, std::stoi(argv[++i]));
    else if (a == "-h" || a == "--help") {
      usage();
      return 0;
    } else {
      usage();
      return 2;
    }
  }
  const auto duration = std::chrono::milliseconds(static_cast<std::int64_t>(seconds * 1000));
  // Logging every request at info would measure spdlog, not the simulator.
  spdlog::set_level(spdlog::level::warn);

  try {
    const double load_before = load_average();
    memory_figures mem;
    mem.before_kib = status_kib("VmRSS");

    upsync::sim::sim_options o;
    o.scale.orgs = 10'000;
    o.scale.contracts_per_org = 10;
    o.scale.days = 90;
    o.threads = 2;
    // A pinned, frozen clock makes every run serve the same data.
    o.start_ms = *upsync::sim::parse_iso_instant("2026-08-15T12:00:00Z");
    o.frozen_clock = true;
    auto t0 = clock_type::now();
    upsync::sim::simulator sim{o};
    auto port = sim.start();
    auto start_ms = std::chrono::duration<double, std::milli>(clock_type::now() - t0).count();
    mem.after_start_kib = status_kib("VmRSS");

    auto tokens = sim.issue_tokens("bench-sim");
    if (tokens.status != 200)
      throw std::runtime_error("issue_tokens failed: " + tokens.error);
    auto ops = build_operations(sim, tokens.access_token, 512);

    const auto contracts = static_cast<std::int64_t>(o.scale.orgs) * o.scale.contracts_per_org;
    std::cout << "upwork-sim throughput: " << contracts << " contracts (" << o.scale.orgs << " orgs x "
              << o.scale.contracts_per_org << "), " << o.scale.days << " days, server io threads " << o.threads << "\n"
              << "machine: " << std::thread::hardware_concurrency() << " cores, " << cpu_model()
              << "; the client threads run on the same cores as the server, so these\n"
              << "figures are a lower bound for the simulator alone. Closed loop, keep-alive, "
              << format_number("%.1f", seconds) << " s per run, median of " << rounds
              << " rounds.\nLoad average before: " << format_number("%.2f", load_before) << "\n\n";

    std::vector<pool_check> checks;
    for (const auto& op : ops)
      checks.push_back(check_pool(port, op));

    // Rounds interleave the operations, so a burst of someone else's build on the shared
    // cores lands on several operations a little instead of on one a lot; the median of
    // the rounds is reported.
    const int client_counts[] = {1, 2, 4};
    std::vector<cell_rounds> samples(std::size(client_counts) * ops.size());
    for (int round = 0; round < rounds; ++round)
      for (std::size_t c = 0; c < std::size(client_counts); ++c)
        for (std::size_t i = 0; i < ops.size(); ++i)
          samples[c * ops.size() + i].add(run_load(port, ops[i], client_counts[c], duration));
    std::vector<run_result> runs;
    for (std::size_t c = 0; c < std::size(client_counts); ++c) {
      double baseline_rps = 0;
      for (std::size_t i = 0; i < ops.size(); ++i) {
        auto r = summarize(ops[i], client_counts[c], samples[c * ops.size() + i]);
        r.mean_bytes = checks[i].mean_bytes;
        r.mean_items = checks[i].mean_items;
        if (ops[i].is_baseline)
          baseline_rps = r.rps;
        r.cost_vs_baseline = r.rps > 0 ? baseline_rps / r.rps : 0;
        runs.push_back(r);
      }
    }
    mem.after_load_kib = status_kib("VmRSS");
    mem.peak_kib = status_kib("VmHWM");

    std::printf("%-20s %7s %9s %15s %8s %8s %8s %9s %7s %6s\n", "operation", "clients", "req/s", "(min-max)", "p50 ms",
                "p99 ms", "vs base", "bytes/ans", "items", "errors");
    for (const auto& r : runs)
      std::printf("%-20s %7d %9.0f %7.0f-%-7.0f %8.3f %8.3f %7.1fx %9.0f %7.1f %6llu\n", r.operation.c_str(), r.clients,
                  r.rps, r.rps_min, r.rps_max, r.p50_ms, r.p99_ms, r.cost_vs_baseline, r.mean_bytes, r.mean_items,
                  static_cast<unsigned long long>(r.errors));
    std::cout << "\nvs base: baseline_404 req/s / this req/s at the same client count "
                 "(how many trivial requests one costs)\n";
    for (const auto& op : ops)
      std::cout << "  " << op.name << ": " << op.what << "\n";
    std::printf("\nmemory (VmRSS, whole process incl. client threads): before start %.1f MiB, "
                "after start %.1f MiB, after load %.1f MiB, peak (VmHWM) %.1f MiB\n"
                "world built and server started in %.0f ms\n",
                static_cast<double>(mem.before_kib) / 1024, static_cast<double>(mem.after_start_kib) / 1024,
                static_cast<double>(mem.after_load_kib) / 1024, static_cast<double>(mem.peak_kib) / 1024, start_ms);

    sim.stop();
    const double load_after = load_average();
    std::cout << "load average after: " << format_number("%.2f", load_after) << "\n";
    write_json(json_path, runs, mem, start_ms, o.threads, o.scale, duration, rounds, load_before, load_after);
    std::cout << "figures written to " << json_path << "\n";
    for (const auto& r : runs)
      if (r.errors > 0) {
        std::cerr << "bench_sim: " << r.operation << " answered " << r.errors << " unexpected statuses\n";
        return 1;
      }
  } catch (const std::exception& e) {
    std::cerr << "bench_sim: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
