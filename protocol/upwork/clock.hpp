// The time source of the client: real by default, a manual one in tests.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>

namespace upsync::upwork {

/// Monotonic time and sleeping, injectable so that backoff and the request budget can be
/// tested without waiting.
class clock {
public:
  using duration = std::chrono::steady_clock::duration;
  using time_point = std::chrono::steady_clock::time_point;

  virtual ~clock() = default;
  virtual time_point now() = 0;
  /// Blocks the calling thread for `d` (no-op for d <= 0).
  virtual void sleep_for(duration d) = 0;

  /// The process-wide steady clock.
  static std::shared_ptr<clock> system();
};

/// A clock that only moves when told to; sleeping advances it at once. Thread-safe.
class manual_clock : public clock {
public:
  time_point now() override;
  void sleep_for(duration d) override;
  void advance(duration d);
  /// Sum of every sleep so far.
  duration slept() const;

private:
  mutable std::mutex mutex_;
  time_point now_{};
  duration slept_{};
};

} // namespace upsync::upwork
