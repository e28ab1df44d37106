// Draws the faults of each request from the knobs, reproducibly, and rate-limits clients.
#pragma once

#include "sim/fault_config.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace upsync::sim {

/// What happens to one request.
struct fault_plan {
  int status = 0;        ///< 0: answer normally; 429 or 502/503/504: answer that instead
  int retry_after_s = 0; ///< > 0: send Retry-After with a 429
  std::chrono::milliseconds delay{0};
  bool partial_error = false;
  double alias_error_share = 0; ///< of the root fields of an aliased (batched) query
  bool numbers_as_strings = false;
  bool iso_cell_times = false;
  bool truncated = false;
  bool malformed = false;
  std::uint64_t draw = 0; ///< randomness for where to cut or break a body
};

class fault_injector {
public:
  explicit fault_injector(fault_config config) : config_(config) {}

  fault_config config() const;
  void set_config(const fault_config& config);

  /// Plans the faults of one request of `client`. `body_faults` is false for endpoints
  /// whose bodies are not GraphQL.
  fault_plan plan(const std::string& client, bool body_faults);

  /// Applies a planned body fault to a JSON answer.
  static void damage_body(const fault_plan& plan, std::string& body);

private:
  struct bucket {
    double tokens;
    std::chrono::steady_clock::time_point last;
  };
  /// Takes one token; on failure returns the seconds until one is available.
  bool take_token(const std::string& client, const fault_config& cfg, int& wait_s);

  mutable std::mutex mutex_;
  fault_config config_;
  std::uint64_t sequence_ = 0; ///< the n-th planned request: the draws' key
  std::unordered_map<std::string, bucket> buckets_;
};

} // namespace upsync::sim
