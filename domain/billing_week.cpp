#include "domain/billing_week.hpp"

namespace upsync::domain::billing_week {

std::int64_t week_start(std::int64_t day) { return day - weekday(day); }

std::int64_t locks_at(std::int64_t day) { return (week_start(day) + 7) * seconds_per_day + lock_delay_seconds; }

bool is_open(std::int64_t day, std::int64_t now) { return now < locks_at(day); }

std::int64_t first_open_day(std::int64_t now) {
  auto monday = week_start(day_of(now));
  return now < monday * seconds_per_day + lock_delay_seconds ? monday - 7 : monday;
}

std::int64_t closing_grace_end(std::int64_t status_changed_at) { return locks_at(day_of(status_changed_at)); }

bool in_closing_grace(std::int64_t status_changed_at, std::int64_t now) {
  return now < closing_grace_end(status_changed_at);
}

std::int64_t closing_grace_cutoff(std::int64_t now) { return first_open_day(now) * seconds_per_day; }

} // namespace upsync::domain::billing_week
