// Hours as a time report writes them, turned into whole seconds exactly (no floating point):
// through the domain's exact decimal.
#pragma once

#include "domain/decimal.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace upsync::domain {

/// Seconds in `hours`, rounded half up to the second. nullopt for a negative amount or one
/// too large for a day total.
std::optional<std::int32_t> hours_to_seconds(const decimal& hours);

/// Seconds from a time report's decimal hours ("1.50", "0.1667"), rounded to the second.
/// nullopt for text that is not a non-negative decimal (at most 5 whole, 9 fractional digits).
std::optional<std::int32_t> hours_text_to_seconds(const std::string& hours);

} // namespace upsync::domain
