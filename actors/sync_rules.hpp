// The sync engine's pure rules, free of actors and I/O: which days a cycle reads, which
// days need work-diary cells, and which pay and bill rate an hour worked on a day gets.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace upsync::sync {

/// Days since 1970-01-01 (UTC).
using day_number = std::int64_t;

/// An inclusive range of UTC days.
struct day_window {
  day_number first;
  day_number last;
  std::int64_t size() const { return last >= first ? last - first + 1 : 0; }
  bool contains(day_number d) const { return d >= first && d <= last; }
  friend bool operator==(const day_window& a, const day_window& b) { return a.first == b.first && a.last == b.last; }
};

/// 0 = Monday ... 6 = Sunday (the Upwork billing week starts Monday 00:00 UTC).
int weekday(day_number day);

/// The first import: the `import_days` days that end today.
day_window import_window(day_number today, int import_days);

/// What every later cycle re-reads: the previous and the current billing week up to today,
/// because freelancers may edit the past week until Monday 12:00 UTC and the desktop app
/// uploads late.
day_window reread_window(day_number today);

/// The days of `window` that Upwork can still change at `now` (Unix seconds): those of
/// billing weeks not yet locked (storage/billing_week). What a closing contract re-reads.
day_window open_days(const day_window& window, std::int64_t now);

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

/// Seconds from a time report's decimal hours ("1.50", "0.1667"), rounded to the second.
/// nullopt for text that is not a non-negative decimal.
std::optional<std::int32_t> hours_text_to_seconds(const std::string& hours);

// -- rates (F10) ---------------------------------------------------------------------

/// A rate history: each entry holds from its day until the next entry's day. An entry
/// without a rate clears the rate from its day (the manager removed it).
class rate_schedule {
public:
  void set(day_number effective_from, std::optional<std::string> rate);
  /// The rate in force on `day`: the entry with the latest effective day <= `day`; before
  /// the first entry, the first entry's rate.
  std::optional<std::string> on(day_number day) const;
  /// Like on(), but nothing before the first entry: an override holds only from its day.
  std::optional<std::string> in_force(day_number day) const;
  bool empty() const { return entries_.empty(); }

private:
  /// Sorted by day; a handful per contract.
  std::vector<std::pair<day_number, std::optional<std::string>>> entries_;
};

enum class account_kind { agency, client, freelancer };

/// Rates that go onto an interval.
struct interval_rates {
  std::optional<std::string> pay_rate;
  std::optional<std::string> bill_rate;
};

/// F10: the Upwork contract rate is the bill rate for agencies and freelancers and the pay
/// rate for clients; the other side is what the manager entered.
interval_rates rates_for_day(account_kind kind, const rate_schedule& upwork,
                             const rate_schedule& pay, const rate_schedule& bill, day_number day);
/// The same with the manager's override of the Upwork side: where an override is in force
/// on `day` it takes the place of Upwork's rate (issue 16); a cleared override (an entry
/// without a rate) gives Upwork's rate back.
interval_rates rates_for_day(account_kind kind, const rate_schedule& upwork,
                             const rate_schedule& upwork_override, const rate_schedule& pay,
                             const rate_schedule& bill, day_number day);

} // namespace upsync::sync
