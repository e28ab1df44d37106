#include "domain/hours.hpp"

#include <limits>

namespace upsync::domain {

std::optional<std::int32_t> hours_to_seconds(const decimal& hours) {
  constexpr std::int64_t seconds_per_hour = 3600;
  if (hours.units() < 0 || hours.units() > std::numeric_limits<std::int64_t>::max() / seconds_per_hour)
    return std::nullopt;
  // seconds = hours * 3600 exactly, then rounded to a whole second.
  auto seconds = decimal{hours.units() * seconds_per_hour, hours.scale()}.to_minor_units(0);
  if (!seconds || *seconds > std::numeric_limits<std::int32_t>::max())
    return std::nullopt;
  return static_cast<std::int32_t>(*seconds);
}

std::optional<std::int32_t> hours_text_to_seconds(const std::string& hours) {
  auto dot = hours.find('.');
  std::string whole = hours.substr(0, dot);
  std::string fraction = dot == std::string::npos ? "" : hours.substr(dot + 1);
  if (whole.empty() || whole.size() > 5 || fraction.size() > 9)
    return std::nullopt;
  std::int64_t units = 0;
  for (char c : whole + fraction) {
    if (c < '0' || c > '9')
      return std::nullopt;
    units = units * 10 + (c - '0');
  }
  return hours_to_seconds(decimal{units, static_cast<int>(fraction.size())});
}

} // namespace upsync::domain
