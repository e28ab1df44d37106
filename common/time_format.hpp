// RFC 3339 / ISO-8601 timestamps and calendar dates in UTC, as plain epoch numbers.
// C++17 has no calendar; these few conversions are all the project needs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace upsync::time_format {

/// Days since 1970-01-01 for a proleptic Gregorian date (month 1-12, day 1-31).
std::int64_t days_from_civil(int year, unsigned month, unsigned day);

struct civil_date {
  int year;
  unsigned month;
  unsigned day;
};

/// The calendar date of a day number (inverse of days_from_civil).
civil_date civil_from_days(std::int64_t days);

/// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` into Unix seconds (fraction
/// truncated). Lower-case `t`/`z` and a space separator are accepted as RFC 3339
/// allows. Returns nullopt for anything else, including impossible dates.
std::optional<std::int64_t> parse_rfc3339(std::string_view text);

/// Formats Unix seconds as `YYYY-MM-DDTHH:MM:SSZ`.
std::string format_rfc3339(std::int64_t unix_seconds);

/// Formats Unix milliseconds as `YYYY-MM-DDTHH:MM:SS.mmmZ`.
std::string format_rfc3339_millis(std::int64_t unix_ms);

/// Parses `YYYY-MM-DD` into a day number; nullopt when malformed or impossible.
std::optional<std::int64_t> parse_date(std::string_view text);

/// Formats a day number as `YYYY-MM-DD`.
std::string format_date(std::int64_t days);

} // namespace upsync::time_format
