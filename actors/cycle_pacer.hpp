// The pace of every organization's sync cycle under Upwork's daily request budget (issue
// 19): one object the organizations share, which knows how many of them cycle and what a
// cycle costs, and asks the domain's rule (domain::paced_cycle_seconds) for the interval
// at which today's remaining requests last until midnight.
#pragma once

#include "domain/clock.hpp"
#include "protocol/upwork/daily_budget.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>

namespace upsync::sync {

class cycle_pacer {
public:
  cycle_pacer(std::shared_ptr<upwork::daily_budget> budget, std::chrono::milliseconds configured,
              domain::wall_clock clock);

  /// An organization starts (join) or stops (leave) cycling.
  void join();
  void leave();
  /// An organization's cycle ended: what a cycle costs is measured from these.
  void cycle_done();

  /// The time until an organization's next cycle, by the rule, from now.
  std::chrono::milliseconds next_interval();

  /// What the operators see.
  struct view {
    std::int64_t organizations = 0;
    double requests_per_cycle = 1;
    std::chrono::milliseconds interval{0};
    upwork::daily_budget::state budget;
  };
  view now();

private:
  std::shared_ptr<upwork::daily_budget> budget_;
  std::chrono::milliseconds configured_;
  domain::wall_clock clock_;
  std::atomic<std::int64_t> organizations_{0};
  std::mutex mutex_;
  std::int64_t day_ = -1;
  std::int64_t cycles_today_ = 0;
};

} // namespace upsync::sync
