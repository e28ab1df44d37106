// Request counters by operation and HTTP status, for the control API and benchmarks.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace upsync::sim {

class request_stats {
public:
  /// Counts one answered request. `operation` is the GraphQL root field(s) or an
  /// endpoint name such as "oauth.token".
  void record(const std::string& operation, int status);
  std::uint64_t count(const std::string& operation, int status) const;
  /// Every answer of `operation`, whatever its status.
  std::uint64_t count(const std::string& operation) const;
  std::uint64_t total() const;
  void reset();
  /// {"total":N,"by_operation":{"op":{"200":n,...}},"by_status":{"200":n}}
  std::string to_json() const;

private:
  mutable std::mutex mutex_;
  std::map<std::string, std::map<int, std::uint64_t>> counts_;
};

} // namespace upsync::sim
