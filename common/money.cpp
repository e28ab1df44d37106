#include "common/money.hpp"

namespace upsync::money {

std::optional<std::int64_t> parse_cents(std::string_view text) {
  auto dot = text.find('.');
  auto whole = text.substr(0, dot);
  auto fraction = dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
  if (whole.empty() || whole.size() > 10 || fraction.size() > 2 || (dot != std::string_view::npos && fraction.empty()))
    return std::nullopt;
  std::int64_t cents = 0;
  for (char c : whole) {
    if (c < '0' || c > '9')
      return std::nullopt;
    cents = cents * 10 + (c - '0');
  }
  for (std::size_t i = 0; i < 2; ++i) {
    char c = i < fraction.size() ? fraction[i] : '0';
    if (c < '0' || c > '9')
      return std::nullopt;
    cents = cents * 10 + (c - '0');
  }
  return cents;
}

std::string format_cents(std::int64_t cents) {
  bool negative = cents < 0;
  std::uint64_t magnitude = negative ? 0 - static_cast<std::uint64_t>(cents) : static_cast<std::uint64_t>(cents);
  std::string fraction = std::to_string(magnitude % 100);
  if (fraction.size() < 2)
    fraction.insert(0, "0");
  return (negative ? "-" : "") + std::to_string(magnitude / 100) + "." + fraction;
}

bool is_currency_code(std::string_view code) {
  if (code.size() != 3)
    return false;
  for (char c : code)
    if (c < 'A' || c > 'Z')
      return false;
  return true;
}

} // namespace upsync::money
