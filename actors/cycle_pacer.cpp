#include "actors/cycle_pacer.hpp"

#include "domain/calendar.hpp"
#include "domain/request_budget_rules.hpp"

#include <algorithm>

namespace upsync::sync {

cycle_pacer::cycle_pacer(std::shared_ptr<upwork::daily_budget> budget, std::chrono::milliseconds configured,
                         domain::wall_clock clock)
    : budget_(std::move(budget)), configured_(configured), clock_(std::move(clock)) {}

void cycle_pacer::join() { ++organizations_; }

void cycle_pacer::leave() { --organizations_; }

void cycle_pacer::cycle_done() {
  std::lock_guard lock{mutex_};
  auto today = domain::day_of(clock_());
  if (today != day_) {
    day_ = today;
    cycles_today_ = 0;
  }
  ++cycles_today_;
}

cycle_pacer::view cycle_pacer::now() {
  view v;
  v.organizations = std::max<std::int64_t>(0, organizations_.load());
  v.budget = budget_->today();
  std::int64_t cycles = 0;
  {
    std::lock_guard lock{mutex_};
    cycles = v.budget.day == day_ ? cycles_today_ : 0;
  }
  // A cycle's cost: the re-reads today (every cycle's report, the diaries of changed days)
  // per cycle; an import is paid once, from what is left. Until a few cycles ran: one.
  auto rereads = v.budget.sent_by_purpose[static_cast<std::size_t>(domain::request_purpose::reread)];
  v.requests_per_cycle = cycles >= 10 ? std::max(1.0, static_cast<double>(rereads) / static_cast<double>(cycles)) : 1.0;
  if (!budget_->limited()) {
    v.interval = configured_;
    return v;
  }
  auto now_s = clock_();
  domain::budget_outlook outlook;
  // A cycle is a re-read: what re-reads may still take (the rest is kept for token refreshes).
  outlook.remaining = std::max<std::int64_t>(
    0, v.budget.remaining - domain::kept_for_more_urgent(domain::request_purpose::reread, v.budget.limit));
  outlook.seconds_left_today = domain::start_of_day(domain::day_of(now_s) + 1) - now_s;
  outlook.organizations = v.organizations;
  outlook.requests_per_cycle = v.requests_per_cycle;
  auto configured_s = std::max<std::int64_t>(1, std::chrono::duration_cast<std::chrono::seconds>(configured_).count());
  auto paced = domain::paced_cycle_seconds(configured_s, outlook);
  v.interval = paced <= configured_s ? configured_ : std::chrono::milliseconds(paced * 1000);
  return v;
}

std::chrono::milliseconds cycle_pacer::next_interval() { return now().interval; }

} // namespace upsync::sync
