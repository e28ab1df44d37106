// A calendar day in UTC as year, month and day, and an instant with millisecond resolution:
// what Upwork's records (contract dates, rate terms, work-diary cells) are made of. The Upwork
// client parses its wire forms into them (protocol/upwork/civil_time) and storage reads them;
// day numbers (domain/calendar) are how the rules count days.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace upsync::domain {

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

} // namespace upsync::domain
