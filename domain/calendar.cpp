#include "domain/calendar.hpp"

namespace upsync::domain {

day_number day_of(std::int64_t t) {
  auto q = t / seconds_per_day;
  return t % seconds_per_day < 0 ? q - 1 : q;
}

std::int64_t start_of_day(day_number day) { return day * seconds_per_day; }

int weekday(day_number day) {
  // 1970-01-01 was a Thursday (3 when Monday is 0).
  return static_cast<int>(((day % 7) + 7 + 3) % 7);
}

} // namespace upsync::domain
