// Hours as a time report writes them, turned into whole seconds exactly (no floating point).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace upsync::domain {

/// Seconds from a time report's decimal hours ("1.50", "0.1667"), rounded to the second.
/// nullopt for text that is not a non-negative decimal.
std::optional<std::int32_t> hours_text_to_seconds(const std::string& hours);

} // namespace upsync::domain
