#include "domain/day_totals.hpp"

#include <algorithm>

namespace upsync::domain {

day_totals::day_totals(std::initializer_list<std::pair<day_number, std::int32_t>> days) {
  for (const auto& [day, seconds] : days)
    set(day, seconds);
}

std::vector<day_totals::entry>::iterator day_totals::find_slot(day_number day) {
  return std::lower_bound(entries_.begin(), entries_.end(), day,
                          [](const entry& e, day_number d) { return e.day < d; });
}

std::int32_t day_totals::at(day_number day) const {
  auto it =
    std::lower_bound(entries_.begin(), entries_.end(), day, [](const entry& e, day_number d) { return e.day < d; });
  return it != entries_.end() && it->day == day ? it->seconds : 0;
}

void day_totals::set(day_number day, std::int32_t seconds) {
  auto it = find_slot(day);
  if (it != entries_.end() && it->day == day)
    it->seconds = seconds;
  else
    entries_.insert(it, entry{static_cast<std::int32_t>(day), seconds});
}

void day_totals::add(day_number day, std::int32_t seconds) {
  auto it = find_slot(day);
  if (it != entries_.end() && it->day == day)
    it->seconds += seconds;
  else
    entries_.insert(it, entry{static_cast<std::int32_t>(day), seconds});
}

void day_totals::drop_before(day_number first) {
  entries_.erase(entries_.begin(), find_slot(first));
  if (entries_.empty())
    std::vector<entry>{}.swap(entries_);
}

std::vector<day_number> days_needing_cells(const day_totals& reported, const day_totals& synced,
                                           const day_window& window) {
  // Both sorted: one merge over the days either side knows.
  std::vector<day_number> out;
  auto r = reported.begin(), s = synced.begin();
  while (r != reported.end() || s != synced.end()) {
    day_number day;
    std::int32_t reported_seconds = 0, synced_seconds = 0;
    if (s == synced.end() || (r != reported.end() && r->day < s->day)) {
      day = r->day;
      reported_seconds = (r++)->seconds;
    } else if (r == reported.end() || s->day < r->day) {
      day = s->day;
      synced_seconds = (s++)->seconds;
    } else {
      day = r->day;
      reported_seconds = (r++)->seconds;
      synced_seconds = (s++)->seconds;
    }
    // A day first seen with zero time needs nothing; a day whose time vanished upstream
    // is read again so the ledger can record the vanished cells.
    if (window.contains(day) && reported_seconds != synced_seconds)
      out.push_back(day);
  }
  return out;
}

} // namespace upsync::domain
