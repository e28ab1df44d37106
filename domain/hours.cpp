#include "domain/hours.hpp"

namespace upsync::domain {

std::optional<std::int32_t> hours_text_to_seconds(const std::string& hours) {
  auto dot = hours.find('.');
  std::string whole = hours.substr(0, dot);
  std::string fraction = dot == std::string::npos ? "" : hours.substr(dot + 1);
  if (whole.empty() || whole.size() > 5 || fraction.size() > 9)
    return std::nullopt;
  std::int64_t units = 0, scale = 1;
  for (char c : whole) {
    if (c < '0' || c > '9')
      return std::nullopt;
    units = units * 10 + (c - '0');
  }
  for (char c : fraction) {
    if (c < '0' || c > '9')
      return std::nullopt;
    units = units * 10 + (c - '0');
    scale *= 10;
  }
  // seconds = units / scale * 3600, rounded half up, in integers only.
  return static_cast<std::int32_t>((units * 3600 * 2 + scale) / (2 * scale));
}

} // namespace upsync::domain
