// UTC calendar dates and instants as Upwork writes them (yyyymmdd, YYYY-MM-DD, epoch ms, ISO-8601):
// the parsers and the client's query range; the types themselves are domain/civil_date's.
#pragma once

#include "domain/civil_date.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace upsync::upwork {

/// The day and instant types are the domain's (domain/civil_date): storage reads them too.
using utc_time = domain::utc_time;
using date = domain::date;

/// A closed range of days [first, last], as both time endpoints take it.
struct date_range {
  date first;
  date last;
};

/// Parses "YYYYMMDD" or "YYYY-MM-DD" and checks that the day exists.
std::optional<date> parse_date(std::string_view text);

/// Parses a cell start: epoch milliseconds as 10 to 15 decimal digits, or ISO-8601
/// "YYYY-MM-DDTHH:MM[:SS[.fff...]]" with "Z", "±HH:MM", "±HHMM", "±HH" or no zone (UTC).
std::optional<utc_time> parse_instant(std::string_view text);

/// Epoch milliseconds from a JSON integer, when within years 1..9999.
std::optional<utc_time> instant_from_epoch_ms(std::int64_t ms);

/// "2026-08-15T10:20:00Z" (milliseconds shown only when not zero).
std::string format_instant(utc_time t);

} // namespace upsync::upwork
