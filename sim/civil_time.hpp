// Calendar arithmetic in UTC: epoch days, yyyymmdd / YYYY-MM-DD text and ISO instants. The
// simulator keeps its own calendar on purpose (common/time_format and domain/calendar are
// the client's): it must not share code with the client it tests.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace upsync::sim {

/// Days since 1970-01-01 (UTC) for a proleptic Gregorian date.
std::int64_t days_from_civil(int year, unsigned month, unsigned day);

struct civil_date {
  int year;
  unsigned month;
  unsigned day;
};
civil_date civil_from_days(std::int64_t days);

/// 0 = Monday … 6 = Sunday (the billing week starts on Monday).
int weekday(std::int64_t days);

/// Parses `YYYY-MM-DD` or `YYYYMMDD`; nullopt when malformed or not a real date.
std::optional<std::int64_t> parse_day(std::string_view text);
/// Parses only `YYYYMMDD` (what workDays accepts; ISO dates fail silently there).
std::optional<std::int64_t> parse_compact_day(std::string_view text);

std::string format_iso_day(std::int64_t days);     ///< YYYY-MM-DD
std::string format_compact_day(std::int64_t days); ///< YYYYMMDD
/// Epoch milliseconds as `YYYY-MM-DDTHH:MM:SS.mmmZ`.
std::string format_iso_instant(std::int64_t epoch_ms);
/// Parses `YYYY-MM-DDTHH:MM[:SS[.mmm]]Z` (or a bare date, meaning midnight) to epoch ms.
std::optional<std::int64_t> parse_iso_instant(std::string_view text);

constexpr std::int64_t ms_per_day = 86'400'000;
constexpr std::int64_t ms_per_cell = 600'000; ///< one work-diary cell: 10 minutes
constexpr int cells_per_day = 144;

inline std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

} // namespace upsync::sim
