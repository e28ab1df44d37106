#include "domain/sync_windows.hpp"

#include "domain/billing_week.hpp"

#include <algorithm>

namespace upsync::domain {

day_window import_window(day_number today, int import_days) {
  return {today - (import_days > 0 ? import_days : 1) + 1, today};
}

day_window reread_window(day_number today) {
  day_number this_monday = today - weekday(today);
  return {this_monday - 7, today};
}

day_window open_days(const day_window& window, std::int64_t now) {
  return {std::max(window.first, billing_week::first_open_day(now)), window.last};
}

} // namespace upsync::domain
