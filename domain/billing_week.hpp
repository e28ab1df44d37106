// Upwork's billing week as pure arithmetic, free of I/O: a week runs Monday 00:00 to Sunday
// 23:59:59 UTC, and Upwork accepts edits to it (and late uploads of offline time) until the
// Monday 12:00 UTC after it; from then on the week is locked. A contract that stops being
// active keeps syncing until the week of its last change of status locks (its "closing
// grace"), reading only days of weeks that are still open. Times are Unix seconds, days
// are day numbers (days since 1970-01-01, UTC).
#pragma once

#include "domain/calendar.hpp"

#include <cstdint>

namespace upsync::domain::billing_week {

/// How long after a week's end Upwork still accepts changes to it (Monday 00:00 -> 12:00).
constexpr std::int64_t lock_delay_seconds = 12 * 3600;

/// The Monday (day number) of the billing week holding `day`.
std::int64_t week_start(std::int64_t day);

/// When the billing week holding `day` locks: the Monday 12:00 UTC after it.
std::int64_t locks_at(std::int64_t day);

/// Whether Upwork can still change `day` at `now`: its week has not locked yet.
bool is_open(std::int64_t day, std::int64_t now);

/// The first day Upwork can still change at `now`: the previous week's Monday before
/// Monday 12:00 UTC, this week's Monday from then on. Every later day is open too.
std::int64_t first_open_day(std::int64_t now);

/// The end of the closing grace of a contract whose status last changed at
/// `status_changed_at`: when the week of that change locks.
std::int64_t closing_grace_end(std::int64_t status_changed_at);

/// Whether that contract is still in its grace at `now` (the end itself is outside).
bool in_closing_grace(std::int64_t status_changed_at, std::int64_t now);

/// The same rule as one bound for SQL: the grace lasts at `now` exactly for the contracts
/// whose status changed at or after this instant (the start of the first open week), since
/// closing_grace_end never decreases with the change time.
std::int64_t closing_grace_cutoff(std::int64_t now);

} // namespace upsync::domain::billing_week
