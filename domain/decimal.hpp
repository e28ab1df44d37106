// An exact decimal number (money, hours): an int64 coefficient and a power-of-ten scale.
// The domain's one exact number: the Upwork client parses rates, charges and hours into it
// and storage writes them from it (issue 17), so neither needs the other's copy.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace upsync::domain {

/// value = units / 10^scale, exactly. Never binary floating point: rates, charges and hours
/// are added up and compared, and "25.10" must stay 25.10. The scale the text had is kept
/// ("25.00" prints as "25.00"); equality is numeric ("25.0" == "25.00").
class decimal {
public:
  /// The largest scale kept: more fractional digits than this are refused, not rounded.
  static constexpr int max_scale = 18;

  constexpr decimal() = default;
  constexpr decimal(std::int64_t units, int scale) : units_(units), scale_(scale) {}

  /// Parses `-?digits[.digits]` (no exponent, no spaces, no '+'). Nothing when the text
  /// has another shape or does not fit 64 bits of coefficient.
  static std::optional<decimal> parse(std::string_view text);

  /// Converts a JSON number that the parser already turned into a double, via its shortest
  /// round-trip text: exact for every decimal of up to 15 significant digits, which covers
  /// rates, charges and hours. Nothing for NaN, infinities and values out of range.
  static std::optional<decimal> from_double(double value);

  std::int64_t units() const { return units_; }
  int scale() const { return scale_; }

  /// The same value at `scale` digits, or nothing when that loses digits or overflows.
  std::optional<decimal> rescaled(int scale) const;
  /// Rounded half away from zero to `digits` fractional digits and returned as an integer
  /// count of 10^-digits (e.g. cents for 2). Nothing on overflow.
  std::optional<std::int64_t> to_minor_units(int digits) const;

  /// Canonical text with the kept scale, e.g. "-0.50".
  std::string to_string() const;

  friend bool operator==(const decimal& a, const decimal& b) { return compare(a, b) == 0; }
  friend bool operator!=(const decimal& a, const decimal& b) { return compare(a, b) != 0; }
  friend bool operator<(const decimal& a, const decimal& b) { return compare(a, b) < 0; }

private:
  static int compare(const decimal& a, const decimal& b);

  std::int64_t units_ = 0;
  int scale_ = 0;
};

} // namespace upsync::domain
