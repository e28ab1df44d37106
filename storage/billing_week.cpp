#include "storage/billing_week.hpp"

namespace upsync::storage::billing_week {

namespace {

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  auto q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

} // namespace

std::int64_t day_of(std::int64_t t) { return floor_div(t, seconds_per_day); }

std::int64_t week_start(std::int64_t day) {
  // 1970-01-01 was a Thursday: day 0 is 3 days after Monday 1969-12-29 (day -3).
  return day - (((day + 3) % 7) + 7) % 7;
}

std::int64_t locks_at(std::int64_t day) {
  return (week_start(day) + 7) * seconds_per_day + lock_delay_seconds;
}

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

} // namespace upsync::storage::billing_week
