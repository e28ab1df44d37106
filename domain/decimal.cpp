// Exact decimal parsing, rescaling and printing.
#include "domain/decimal.hpp"

#include <charconv>
#include <cmath>

namespace upsync::domain {
namespace {

using wide = __int128;

constexpr wide pow10_wide(int n) {
  wide r = 1;
  for (int i = 0; i < n; ++i)
    r *= 10;
  return r;
}

constexpr wide int64_max = static_cast<wide>(INT64_MAX);
constexpr wide int64_min = static_cast<wide>(INT64_MIN);

bool fits(wide v) { return v >= int64_min && v <= int64_max; }

} // namespace

std::optional<decimal> decimal::parse(std::string_view text) {
  std::size_t i = 0;
  bool negative = false;
  if (i < text.size() && text[i] == '-') {
    negative = true;
    ++i;
  }
  std::string_view int_part;
  std::string_view frac_part;
  std::size_t start = i;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9')
    ++i;
  int_part = text.substr(start, i - start);
  if (int_part.empty())
    return std::nullopt;
  if (i < text.size() && text[i] == '.') {
    ++i;
    start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9')
      ++i;
    frac_part = text.substr(start, i - start);
    if (frac_part.empty())
      return std::nullopt;
  }
  if (i != text.size())
    return std::nullopt;
  // Zeros that carry no value are dropped before the size check, so "0000.5000000..." fits.
  while (int_part.size() > 1 && int_part.front() == '0')
    int_part.remove_prefix(1);
  while (frac_part.size() > static_cast<std::size_t>(max_scale) && frac_part.back() == '0')
    frac_part.remove_suffix(1);
  if (frac_part.size() > static_cast<std::size_t>(max_scale))
    return std::nullopt;
  if (int_part.size() + frac_part.size() > 19)
    return std::nullopt; // more digits than 64 bits hold, whatever their value
  wide v = 0;
  for (char c : int_part)
    v = v * 10 + (c - '0');
  for (char c : frac_part)
    v = v * 10 + (c - '0');
  if (negative)
    v = -v;
  if (!fits(v))
    return std::nullopt;
  return decimal{static_cast<std::int64_t>(v), static_cast<int>(frac_part.size())};
}

std::optional<decimal> decimal::from_double(double value) {
  if (!std::isfinite(value) || std::fabs(value) >= 1e18)
    return std::nullopt;
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed);
  if (ec != std::errc{})
    return std::nullopt;
  std::string_view text{buf, static_cast<std::size_t>(end - buf)};
  if (text == "-0")
    text = "0";
  return parse(text);
}

std::optional<decimal> decimal::rescaled(int scale) const {
  if (scale < 0 || scale > max_scale)
    return std::nullopt;
  if (scale >= scale_) {
    wide v = static_cast<wide>(units_) * pow10_wide(scale - scale_);
    if (!fits(v))
      return std::nullopt;
    return decimal{static_cast<std::int64_t>(v), scale};
  }
  wide div = pow10_wide(scale_ - scale);
  if (units_ % div != 0)
    return std::nullopt;
  return decimal{static_cast<std::int64_t>(units_ / div), scale};
}

std::optional<std::int64_t> decimal::to_minor_units(int digits) const {
  if (digits < 0 || digits > max_scale)
    return std::nullopt;
  if (digits >= scale_) {
    auto r = rescaled(digits);
    if (!r)
      return std::nullopt;
    return r->units();
  }
  wide div = pow10_wide(scale_ - digits);
  wide q = units_ / div;
  wide rem = units_ % div;
  if (rem * 2 >= div)
    ++q;
  else if (rem * 2 <= -div)
    --q;
  return static_cast<std::int64_t>(q);
}

std::string decimal::to_string() const {
  wide v = units_;
  bool negative = v < 0;
  if (negative)
    v = -v;
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(v % 10)));
    v /= 10;
  } while (v != 0);
  if (scale_ > 0) {
    if (digits.size() <= static_cast<std::size_t>(scale_))
      digits.insert(0, static_cast<std::size_t>(scale_) - digits.size() + 1, '0');
    digits.insert(digits.size() - static_cast<std::size_t>(scale_), ".");
  }
  return negative ? "-" + digits : digits;
}

int decimal::compare(const decimal& a, const decimal& b) {
  // Both fit 64 bits and scales are at most 18, so the common-scale values fit 128 bits.
  int scale = a.scale_ > b.scale_ ? a.scale_ : b.scale_;
  wide x = static_cast<wide>(a.units_) * pow10_wide(scale - a.scale_);
  wide y = static_cast<wide>(b.units_) * pow10_wide(scale - b.scale_);
  return x < y ? -1 : (x > y ? 1 : 0);
}

} // namespace upsync::domain
