// A civil day's conversions, on common/time_format's calendar (the one civil arithmetic).
#include "domain/civil_date.hpp"

#include "common/time_format.hpp"

#include <cstdio>

namespace upsync::domain {

std::int64_t date::days_since_epoch() const {
  return time_format::days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

date date::from_days_since_epoch(std::int64_t days) {
  auto c = time_format::civil_from_days(days);
  return date{c.year, static_cast<int>(c.month), static_cast<int>(c.day)};
}

utc_time date::midnight() const { return utc_time{std::chrono::milliseconds{days_since_epoch() * 86400000LL}}; }

std::string date::compact() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02d%02d", year, month, day);
  return buf;
}

std::string date::iso() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

} // namespace upsync::domain
