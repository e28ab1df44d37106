// The rate in force on a day (F10, issue 16) — the one rule for every rate history in
// upsync: Upwork's hourly terms, the manager's pay and bill rates, the override of the
// Upwork side. storage/rate_in_force_sql.hpp is its SQL twin (held equal by
// tests/storage/rate_in_force_sql_test.cpp).
#pragma once

#include "domain/calendar.hpp"
#include "domain/organization_kind.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace upsync::domain {

/// Of `[first, last)` — steps that each hold from their start day (nullopt: since always)
/// until a later step starts — the step in force on `day`: the one with the latest start on
/// or before it. Among steps starting the same day the later one wins, among steps without
/// a start the first. `last` when no step has started by `day`.
template <class It, class StartOf>
It step_in_force(It first, It last, day_number day, StartOf start_of) {
  It best = last;
  for (It it = first; it != last; ++it) {
    std::optional<day_number> start = start_of(*it);
    if (start && *start > day)
      continue;
    if (best == last) {
      best = it;
      continue;
    }
    std::optional<day_number> best_start = start_of(*best);
    if (start && (!best_start || *start >= *best_start))
      best = it;
  }
  return best;
}

/// Like step_in_force, but before every step the first one holds (rates are recorded far
/// enough back to cover the import window, and a step dated ahead is shown until then).
/// `last` only when there are no steps.
template <class It, class StartOf>
It step_on(It first, It last, day_number day, StartOf start_of) {
  It it = step_in_force(first, last, day, start_of);
  return it == last ? first : it;
}

/// A rate history: each entry holds from its day until the next entry's day. An entry
/// without a rate clears the rate from its day (the manager removed it).
class rate_schedule {
public:
  void set(day_number effective_from, std::optional<std::string> rate);
  /// The rate in force on `day` (step_on): before the first entry, the first entry's rate.
  std::optional<std::string> on(day_number day) const;
  /// Like on(), but nothing before the first entry (step_in_force): an override holds
  /// only from its day.
  std::optional<std::string> in_force(day_number day) const;
  bool empty() const { return entries_.empty(); }

private:
  /// Sorted by day; a handful per contract.
  std::vector<std::pair<day_number, std::optional<std::string>>> entries_;
};

/// Rates that go onto an interval.
struct interval_rates {
  std::optional<std::string> pay_rate;
  std::optional<std::string> bill_rate;
};

/// F10: Upwork's contract rate goes on its side (upwork_side), the manager's rate on the
/// other one.
interval_rates rates_for_day(organization_kind kind, const rate_schedule& upwork, const rate_schedule& pay,
                             const rate_schedule& bill, day_number day);
/// The same with the manager's override of the Upwork side: where an override is in force
/// on `day` it takes the place of Upwork's rate (issue 16); a cleared override (an entry
/// without a rate) gives Upwork's rate back.
interval_rates rates_for_day(organization_kind kind, const rate_schedule& upwork, const rate_schedule& upwork_override,
                             const rate_schedule& pay, const rate_schedule& bill, day_number day);

} // namespace upsync::domain
