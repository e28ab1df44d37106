// Exponential backoff with full jitter, and the Retry-After header.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <random>
#include <string_view>

namespace upsync::upwork {

/// How often and how patiently a request is retried.
struct retry_policy {
  /// Attempts in total, the first one included.
  int max_attempts = 6;
  std::chrono::milliseconds base_delay{250};
  std::chrono::milliseconds max_delay{30000};
  /// A Retry-After longer than this is not waited out: the call fails as retryable and
  /// carries the server's value, so the caller can schedule the work instead of blocking.
  std::chrono::milliseconds max_retry_after{120000};
};

/// Full-jitter backoff: the n-th retry (n = 0, 1, ...) waits a uniform random time in
/// [0, min(max_delay, base_delay * 2^n)]. When the server sent Retry-After, the wait is
/// that value (it knows better than our guess), plus up to 10% jitter so that many
/// clients do not return in the same millisecond.
class backoff {
public:
  /// `uniform01` returns values in [0, 1); default: a seeded Mersenne twister.
  explicit backoff(retry_policy policy, std::function<double()> uniform01 = {});

  std::chrono::milliseconds delay(int retry, std::optional<std::chrono::milliseconds> retry_after = {});
  /// The upper bound of the jitter window for `retry` (no randomness).
  std::chrono::milliseconds ceiling(int retry) const;

  const retry_policy& policy() const { return policy_; }

private:
  double draw();

  retry_policy policy_;
  std::function<double()> uniform01_;
  std::mutex mutex_;
  std::optional<std::mt19937_64> rng_; ///< seeded on the first draw: most clients never retry
};

/// Parses a Retry-After value: delta-seconds ("120", fractions accepted) or an IMF-fixdate
/// ("Wed, 21 Oct 2015 07:28:00 GMT", relative to `now_utc`). Nothing when unreadable.
std::optional<std::chrono::milliseconds>
parse_retry_after(std::string_view value,
                  std::chrono::system_clock::time_point now_utc = std::chrono::system_clock::now());

} // namespace upsync::upwork
