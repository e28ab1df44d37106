// The request budget as a generic cell-rate algorithm: one timestamp, reserved under a lock.
#include "protocol/upwork/request_budget.hpp"

#include <algorithm>
#include <cmath>

namespace upsync::upwork {

using std::chrono::duration_cast;

request_budget::request_budget(options opts, std::shared_ptr<upwork::clock> clk) : opts_(opts), clock_(std::move(clk)) {
  if (!(opts_.rate_per_second > 0) || !std::isfinite(opts_.rate_per_second))
    opts_.rate_per_second = 8.0;
  if (!(opts_.burst >= 1) || !std::isfinite(opts_.burst))
    opts_.burst = 1.0;
  interval_ = duration_cast<clock::duration>(std::chrono::duration<double>(1.0 / opts_.rate_per_second));
  tolerance_ = duration_cast<clock::duration>(
    std::chrono::duration<double>((std::floor(opts_.burst) - 1.0) / opts_.rate_per_second));
  tat_ = clock_->now();
}

void request_budget::acquire() {
  clock::duration wait{};
  {
    std::lock_guard lock{mutex_};
    const auto now = clock_->now();
    const auto t = std::max(tat_, now);
    const auto allowed = t - tolerance_;
    if (allowed > now)
      wait = allowed - now;
    tat_ = t + interval_;
    ++granted_;
    if (wait > clock::duration::zero()) {
      ++waits_;
      waited_ += wait;
    }
  }
  clock_->sleep_for(wait);
}

bool request_budget::try_acquire() {
  std::lock_guard lock{mutex_};
  const auto now = clock_->now();
  const auto t = std::max(tat_, now);
  if (t - tolerance_ > now)
    return false;
  tat_ = t + interval_;
  ++granted_;
  return true;
}

clock::duration request_budget::wait_time() {
  std::lock_guard lock{mutex_};
  const auto now = clock_->now();
  const auto allowed = std::max(tat_, now) - tolerance_;
  return allowed > now ? allowed - now : clock::duration::zero();
}

void request_budget::pause_for(clock::duration d) {
  std::lock_guard lock{mutex_};
  // The first request after the pause goes at now + d, the next ones at the normal rate:
  // no burst of everything that queued up meanwhile.
  tat_ = std::max(tat_, clock_->now() + d + tolerance_);
  ++pauses_;
}

std::uint64_t request_budget::granted() const {
  std::lock_guard lock{mutex_};
  return granted_;
}

request_budget::stats request_budget::totals() const {
  std::lock_guard lock{mutex_};
  return stats{granted_, waits_, std::chrono::duration<double>(waited_).count(), pauses_};
}

double request_budget::available() {
  std::lock_guard lock{mutex_};
  // The bucket holds `burst` tokens; each reservation beyond now uses one interval of it.
  const auto now = clock_->now();
  const auto ahead = tat_ > now ? tat_ - now : clock::duration::zero();
  const double used = std::chrono::duration<double>(ahead).count() * opts_.rate_per_second;
  return std::max(0.0, std::floor(opts_.burst) - used);
}

} // namespace upsync::upwork
