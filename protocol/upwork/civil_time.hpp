// UTC calendar dates and instants as Upwork writes them (yyyymmdd, YYYY-MM-DD, epoch ms, ISO-8601).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace upsync::upwork {

/// An instant in UTC with millisecond resolution (work-diary cell starts).
using utc_time = std::chrono::time_point<std::chrono::system_clock, std::chrono::milliseconds>;

/// A calendar day in UTC (proleptic Gregorian), years 1..9999.
struct date {
  int year = 1970;
  int month = 1;
  int day = 1;

  /// Days since 1970-01-01.
  std::int64_t days_since_epoch() const;
  static date from_days_since_epoch(std::int64_t days);
  /// Midnight UTC of this day.
  utc_time midnight() const;

  /// "20260815": the form `workDays` and `workDiaryContract` take and answer.
  std::string compact() const;
  /// "2026-08-15": the form of `contractTimeReport`.
  std::string iso() const;

  friend bool operator==(const date& a, const date& b) {
    return a.year == b.year && a.month == b.month && a.day == b.day;
  }
  friend bool operator!=(const date& a, const date& b) { return !(a == b); }
  friend bool operator<(const date& a, const date& b) { return a.days_since_epoch() < b.days_since_epoch(); }
};

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
