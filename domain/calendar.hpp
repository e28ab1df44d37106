// Calendar arithmetic on UTC days, free of I/O: the day number of an instant, the start of
// a day, the weekday. Every "which day is it" in upsync goes through here (the wire formats
// of common/time_format and the simulator's own calendar stay separate).
#pragma once

#include <cstdint>

namespace upsync::domain {

/// Days since 1970-01-01 (UTC).
using day_number = std::int64_t;

constexpr std::int64_t seconds_per_day = 86400;

/// The day holding the instant `t` (Unix seconds), floored so that times before 1970 fall
/// on the day they belong to (-1 is day -1, not day 0).
day_number day_of(std::int64_t t);

/// The first second (Unix) of `day`.
std::int64_t start_of_day(day_number day);

/// 0 = Monday ... 6 = Sunday (the Upwork billing week starts Monday 00:00 UTC).
int weekday(day_number day);

} // namespace upsync::domain
