// Byte encodings used on the wire and in the database: hex and unpadded base64url.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace upsync::encoding {

std::string to_hex(std::string_view bytes);
/// nullopt unless `text` is an even number of hex digits.
std::optional<std::string> from_hex(std::string_view text);

/// RFC 4648 §5 without padding: safe in URLs, headers and JSON.
std::string to_base64url(std::string_view bytes);
/// nullopt for characters outside the alphabet or an impossible length.
std::optional<std::string> from_base64url(std::string_view text);

/// Decodes %XX escapes (and '+' as space when `plus_is_space`, as in query strings);
/// nullopt when an escape is malformed.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);

} // namespace upsync::encoding
