// What a contract's days hold: seconds per day as Upwork reports them or as upsync synced
// them, and which days of a window therefore need their work-diary cells read.
#pragma once

#include "domain/calendar.hpp"
#include "domain/sync_windows.hpp"

#include <cstdint>
#include <initializer_list>
#include <utility>
#include <vector>

namespace upsync::domain {

/// Seconds per day of one contract, sorted by day: a flat vector of 8-byte entries, because
/// 100,000 contracts hold these (a std::map node costs 48 bytes a day, bench_scale).
class day_totals {
public:
  struct entry {
    std::int32_t day;
    std::int32_t seconds;
    friend bool operator==(const entry& a, const entry& b) { return a.day == b.day && a.seconds == b.seconds; }
  };

  day_totals() = default;
  day_totals(std::initializer_list<std::pair<day_number, std::int32_t>> days);

  /// The day's seconds; 0 when the day is absent.
  std::int32_t at(day_number day) const;
  void set(day_number day, std::int32_t seconds);
  void add(day_number day, std::int32_t seconds);
  /// Forgets every day before `first` (and gives back the memory when it empties).
  void drop_before(day_number first);

  bool empty() const { return entries_.empty(); }
  std::size_t size() const { return entries_.size(); }
  std::vector<entry>::const_iterator begin() const { return entries_.begin(); }
  std::vector<entry>::const_iterator end() const { return entries_.end(); }
  friend bool operator==(const day_totals& a, const day_totals& b) { return a.entries_ == b.entries_; }
  friend bool operator!=(const day_totals& a, const day_totals& b) { return !(a == b); }

private:
  std::vector<entry>::iterator find_slot(day_number day);
  std::vector<entry> entries_;
};

/// Days of `window` whose reported total differs from the total already synced (a missing
/// day counts as zero seconds), in ascending order.
std::vector<day_number> days_needing_cells(const day_totals& reported, const day_totals& synced,
                                           const day_window& window);

} // namespace upsync::domain
