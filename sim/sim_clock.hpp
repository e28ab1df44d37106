// The simulated clock: wall time plus an offset that tests advance, optionally frozen.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace upsync::sim {

/// Token lifetimes, code expiry and "today" all read this clock, so tests can jump a day
/// ahead (refresh-token death after rotation) without waiting.
class sim_clock {
public:
  /// `start_ms` < 0 means "start at the real current time". A frozen clock only moves
  /// when advanced, which makes cell visibility for today fully reproducible.
  explicit sim_clock(std::int64_t start_ms = -1, bool frozen = false);

  /// Simulated now, epoch milliseconds (UTC).
  std::int64_t now_ms() const;
  void advance(std::chrono::milliseconds by) { offset_ms_ += by.count(); }
  bool frozen() const { return frozen_; }

  static std::int64_t real_now_ms();

private:
  std::int64_t start_real_ms_;
  std::int64_t start_sim_ms_;
  bool frozen_;
  std::atomic<std::int64_t> offset_ms_{0};
};

} // namespace upsync::sim
