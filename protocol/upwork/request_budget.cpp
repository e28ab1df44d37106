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
  if (!(opts_.min_rate_per_second > 0) || opts_.min_rate_per_second > opts_.rate_per_second)
    opts_.min_rate_per_second = std::min(0.5, opts_.rate_per_second);
  set_rate(opts_.rate_per_second);
  tat_ = clock_->now();
  last_decrease_ = tat_ - std::chrono::hours(1);
}

void request_budget::set_rate(double rate) {
  rate_ = std::clamp(rate, opts_.min_rate_per_second, opts_.rate_per_second);
  interval_ = duration_cast<clock::duration>(std::chrono::duration<double>(1.0 / rate_));
  tolerance_ = duration_cast<clock::duration>(std::chrono::duration<double>((std::floor(opts_.burst) - 1.0) / rate_));
}

void request_budget::throttled() {
  if (!opts_.adaptive)
    return;
  std::lock_guard lock{mutex_};
  const auto now = clock_->now();
  if (now - last_decrease_ < std::chrono::seconds(1))
    return; // the same storm: the requests in flight when the first 429 came
  last_decrease_ = now;
  ++decreases_;
  set_rate(rate_ / 2);
}

void request_budget::succeeded() {
  if (!opts_.adaptive)
    return;
  std::lock_guard lock{mutex_};
  if (rate_ >= opts_.rate_per_second)
    return;
  // At `rate_` successes a second, each adds recovery/rate: the rate climbs by `recovery`
  // per second of success, whatever it is.
  set_rate(rate_ + opts_.recovery_per_second / rate_);
}

double request_budget::current_rate() const {
  std::lock_guard lock{mutex_};
  return rate_;
}

void request_budget::set_daily(std::shared_ptr<daily_budget> daily) { daily_ = std::move(daily); }

std::shared_ptr<daily_budget> request_budget::daily() const { return daily_; }

bool request_budget::acquire(request_purpose purpose) {
  if (daily_ && !daily_->take(purpose))
    return false;
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
  return true;
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
  return stats{granted_, waits_, std::chrono::duration<double>(waited_).count(), pauses_, decreases_, rate_};
}

double request_budget::available() {
  std::lock_guard lock{mutex_};
  // The bucket holds `burst` tokens; each reservation beyond now uses one interval of it.
  const auto now = clock_->now();
  const auto ahead = tat_ > now ? tat_ - now : clock::duration::zero();
  const double used = std::chrono::duration<double>(ahead).count() * rate_;
  return std::max(0.0, std::floor(opts_.burst) - used);
}

} // namespace upsync::upwork
