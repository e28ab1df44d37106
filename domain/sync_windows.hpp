// Which days a sync reads: the first import's window, what every later cycle re-reads,
// and the part of a window Upwork can still change (product spec F7, F8).
#pragma once

#include "domain/calendar.hpp"

#include <cstdint>

namespace upsync::domain {

/// An inclusive range of UTC days.
struct day_window {
  day_number first;
  day_number last;
  std::int64_t size() const { return last >= first ? last - first + 1 : 0; }
  bool contains(day_number d) const { return d >= first && d <= last; }
  friend bool operator==(const day_window& a, const day_window& b) { return a.first == b.first && a.last == b.last; }
};

/// The first import: the `import_days` days that end today (at least today itself).
day_window import_window(day_number today, int import_days);

/// What every later cycle re-reads: the previous and the current billing week up to today,
/// because freelancers may edit the past week until Monday 12:00 UTC and the desktop app
/// uploads late.
day_window reread_window(day_number today);

/// The days of `window` that Upwork can still change at `now` (Unix seconds): those of
/// billing weeks not yet locked (domain/billing_week). What a closing contract re-reads.
day_window open_days(const day_window& window, std::int64_t now);

} // namespace upsync::domain
