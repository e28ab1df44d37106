// Exact money: amounts as integer cents, written as decimal strings with two places.
// Never binary floating point (F10).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace upsync::money {

/// Parses "25", "25.5", "25.50" (non-negative, at most two decimals, at most 10 integer
/// digits) into cents; nullopt for anything else ("1e3", "-1", "2.555", " 3").
std::optional<std::int64_t> parse_cents(std::string_view text);

/// Formats cents as "25.50".
std::string format_cents(std::int64_t cents);

/// A valid ISO 4217-shaped code: three upper-case letters.
bool is_currency_code(std::string_view code);

} // namespace upsync::money
