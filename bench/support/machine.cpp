#include "bench/support/machine.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <unistd.h>

namespace upsync::bench {

namespace {

std::string proc_path(pid_t pid, const char* file) {
  return pid == 0 ? std::string{"/proc/self/"} + file : "/proc/" + std::to_string(pid) + "/" + file;
}

/// A "Key:   123 kB" line of /proc/<pid>/status, in KiB (0 when absent).
std::int64_t status_kib(pid_t pid, const std::string& key) {
  std::ifstream status{proc_path(pid, "status")};
  std::string line;
  while (std::getline(status, line))
    if (line.rfind(key + ":", 0) == 0)
      return std::stoll(line.substr(key.size() + 1));
  return 0;
}

} // namespace

machine_facts machine() {
  machine_facts m;
  m.nproc = std::thread::hardware_concurrency();
  m.cpu = "unknown";
  std::ifstream info{"/proc/cpuinfo"};
  std::string line;
  while (std::getline(info, line))
    if (line.rfind("model name", 0) == 0) {
      auto colon = line.find(':');
      if (colon != std::string::npos)
        m.cpu = line.substr(line.find_first_not_of(" \t", colon + 1));
      break;
    }
  std::ifstream meminfo{"/proc/meminfo"};
  std::string key;
  std::int64_t kib = 0;
  while (meminfo >> key >> kib) {
    if (key == "MemTotal:") {
      m.mem_total_kib = kib;
      break;
    }
    meminfo.ignore(1 << 10, '\n');
  }
  return m;
}

double load_average() {
  std::ifstream in{"/proc/loadavg"};
  double one = 0;
  in >> one;
  return one;
}

std::int64_t rss_kib(pid_t pid) { return status_kib(pid, "VmRSS"); }

std::int64_t peak_rss_kib(pid_t pid) { return status_kib(pid, "VmHWM"); }

namespace {

/// Fields 14.. of a /proc stat line as clock ticks: utime, stime, cutime, cstime.
std::vector<long long> stat_ticks(const std::string& path) {
  std::ifstream in{path};
  std::string text;
  std::getline(in, text);
  // The command name (field 2) may hold spaces: fields are counted after its ')'.
  auto close = text.rfind(')');
  if (close == std::string::npos)
    return {0, 0, 0, 0};
  std::istringstream fields{text.substr(close + 2)};
  std::string field;
  std::vector<long long> out;
  for (int i = 3; fields >> field && i <= 17; ++i)
    if (i >= 14)
      out.push_back(std::stoll(field));
  out.resize(4, 0);
  return out;
}

double ticks_to_seconds(long long ticks) {
  return static_cast<double>(ticks) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

} // namespace

double cpu_seconds(pid_t pid) {
  auto t = stat_ticks(proc_path(pid, "stat"));
  return ticks_to_seconds(t[0] + t[1]);
}

double process_tree_cpu_seconds(pid_t pid) {
  auto t = stat_ticks(proc_path(pid, "stat"));
  long long ticks = t[0] + t[1] + t[2] + t[3];
  std::ifstream children{"/proc/" + std::to_string(pid) + "/task/" + std::to_string(pid) + "/children"};
  pid_t child = 0;
  while (children >> child) {
    auto c = stat_ticks("/proc/" + std::to_string(child) + "/stat");
    ticks += c[0] + c[1];
  }
  return ticks_to_seconds(ticks);
}

std::vector<pid_t> own_threads() {
  std::vector<pid_t> out;
  for (const auto& entry : std::filesystem::directory_iterator{"/proc/self/task"})
    out.push_back(static_cast<pid_t>(std::stol(entry.path().filename().string())));
  return out;
}

double threads_cpu_seconds(const std::vector<pid_t>& threads) {
  long long ticks = 0;
  for (auto tid : threads) {
    auto t = stat_ticks("/proc/self/task/" + std::to_string(tid) + "/stat");
    ticks += t[0] + t[1];
  }
  return ticks_to_seconds(ticks);
}

void write_machine(json::writer& w, double load_before, double load_after, const std::string& note) {
  auto m = machine();
  w.key("machine")
    .begin_object()
    .field("nproc", static_cast<std::int64_t>(m.nproc))
    .field("cpu", m.cpu)
    .field("mem_total_kib", m.mem_total_kib)
    .field("loadavg_1m_before", load_before)
    .field("loadavg_1m_after", load_after)
    .field("note", note)
    .end_object();
}

} // namespace upsync::bench
