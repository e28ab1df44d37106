// A shared, thread-safe token bucket: the request rate every Upwork call draws from.
#pragma once

#include "protocol/upwork/clock.hpp"
#include "protocol/upwork/daily_budget.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>

namespace upsync::upwork {

/// Rate and burst of a request_budget.
struct budget_options {
  double rate_per_second = 8.0; ///< the ceiling; the rate in force never exceeds it
  double burst = 1.0;
  /// Adaptive rate (AIMD): a 429 halves the rate in force, at most once a second (the
  /// requests already in flight answer 429 together: one storm, one halving), down to
  /// `min_rate_per_second`; every success then adds back, so that the rate climbs by
  /// `recovery_per_second` requests/s each second of success, up to the ceiling.
  bool adaptive = true;
  double min_rate_per_second = 0.5;
  double recovery_per_second = 0.25;
};

/// Keeps the request rate under Upwork's limit (about 10/s per client IP) so that normal
/// operation never provokes a 429. Every request of every client sharing the budget takes
/// one token first. Implemented as the generic cell-rate algorithm (a token bucket kept as
/// one "theoretical arrival time"): a caller reserves its slot under the lock and sleeps
/// outside it, so waiters are served in arrival order and a busy budget never spins.
///
/// With `rate` r and `burst` b, any window of T seconds sees at most b + r*T requests;
/// the default (8/s, burst 1) thus stays at 9 in any second, below a limit of 10.
class request_budget {
public:
  using options = budget_options;

  explicit request_budget(options opts = {}, std::shared_ptr<upwork::clock> clk = clock::system());

  /// Takes one token, sleeping (on the injected clock) until it is available. With a daily
  /// budget, takes one of today's requests for `purpose` first: false (at once, nothing
  /// taken) when the day's budget is spent for it.
  bool acquire(request_purpose purpose = request_purpose::reread);
  /// Counts every request against `daily` from now on (null: no daily budget).
  void set_daily(std::shared_ptr<daily_budget> daily);
  /// The daily budget requests count against, or null.
  std::shared_ptr<daily_budget> daily() const;
  /// Takes a token when one is available now; never sleeps.
  bool try_acquire();
  /// How long acquire() would wait now (zero when a token is ready).
  clock::duration wait_time();
  /// Holds every request back until now + `d` (a `Retry-After` applies to the whole IP).
  void pause_for(clock::duration d);
  /// Tokens handed out so far.
  std::uint64_t granted() const;

  /// Upwork answered 429: multiplicative decrease of the rate in force (adaptive only).
  void throttled();
  /// An answer that was not a 429: additive increase back toward the ceiling.
  void succeeded();
  /// The rate in force now (requests/s): the ceiling unless 429s brought it down.
  double current_rate() const;

  /// What the budget did so far (metrics): how often and how long callers waited, how
  /// often a Retry-After paused everyone.
  struct stats {
    std::uint64_t granted = 0;
    std::uint64_t waits = 0;     ///< acquire() calls that had to sleep
    double waited_seconds = 0;   ///< their sleep, summed
    std::uint64_t pauses = 0;    ///< pause_for() calls (429 with Retry-After or backoff)
    std::uint64_t decreases = 0; ///< halvings of the rate after a 429
    double rate = 0;             ///< the rate in force
  };
  stats totals() const;
  /// Tokens a caller could take now without waiting (0 up to the burst).
  double available();

  const options& config() const { return opts_; }

private:
  void set_rate(double rate); ///< under the lock

  options opts_;
  std::shared_ptr<upwork::clock> clock_;
  std::shared_ptr<daily_budget> daily_; ///< set before requests start (set_daily), read without the lock
  double rate_;                         ///< the rate in force, <= opts_.rate_per_second
  clock::time_point last_decrease_{};
  std::uint64_t decreases_ = 0;
  clock::duration interval_;  ///< 1 / rate
  clock::duration tolerance_; ///< (burst - 1) / rate
  mutable std::mutex mutex_;
  clock::time_point tat_; ///< theoretical arrival time of the next request
  std::uint64_t granted_ = 0;
  std::uint64_t waits_ = 0;
  clock::duration waited_{};
  std::uint64_t pauses_ = 0;
};

} // namespace upsync::upwork
