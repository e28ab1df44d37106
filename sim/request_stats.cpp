// Request counters.
#include "sim/request_stats.hpp"

#include "common/json_writer.hpp"

namespace upsync::sim {

void request_stats::record(const std::string& operation, int status) {
  std::lock_guard lock{mutex_};
  ++counts_[operation][status];
}

std::uint64_t request_stats::count(const std::string& operation, int status) const {
  std::lock_guard lock{mutex_};
  auto it = counts_.find(operation);
  if (it == counts_.end())
    return 0;
  auto s = it->second.find(status);
  return s == it->second.end() ? 0 : s->second;
}

std::uint64_t request_stats::count(const std::string& operation) const {
  std::lock_guard lock{mutex_};
  std::uint64_t n = 0;
  if (auto it = counts_.find(operation); it != counts_.end())
    for (const auto& [status, c] : it->second)
      n += c;
  return n;
}

std::uint64_t request_stats::total() const {
  std::lock_guard lock{mutex_};
  std::uint64_t n = 0;
  for (const auto& [op, by_status] : counts_)
    for (const auto& [status, c] : by_status)
      n += c;
  return n;
}

void request_stats::reset() {
  std::lock_guard lock{mutex_};
  counts_.clear();
}

std::string request_stats::to_json() const {
  std::lock_guard lock{mutex_};
  std::map<int, std::uint64_t> by_status;
  std::uint64_t total = 0;
  json::writer w;
  w.begin_object().key("by_operation").begin_object();
  for (const auto& [op, statuses] : counts_) {
    w.key(op).begin_object();
    for (const auto& [status, c] : statuses) {
      w.field(std::to_string(status), static_cast<std::int64_t>(c));
      by_status[status] += c;
      total += c;
    }
    w.end_object();
  }
  w.end_object().key("by_status").begin_object();
  for (const auto& [status, c] : by_status)
    w.field(std::to_string(status), static_cast<std::int64_t>(c));
  w.end_object().field("total", static_cast<std::int64_t>(total)).end_object();
  return std::move(w).str();
}

} // namespace upsync::sim
