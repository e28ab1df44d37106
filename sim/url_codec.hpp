// Small text codecs the endpoints need: URL query/form decoding and base64. The simulator
// keeps its own copy on purpose (common/encoding has the client's): it must not share code
// with the client it tests, or a bug in one would hide in both.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace upsync::sim {

/// Percent-decoding; `+` means space (form encoding).
std::string url_decode(std::string_view text);
std::string url_encode(std::string_view text);
/// Parses `a=1&b=2` (a query string or an x-www-form-urlencoded body). Later keys win.
std::map<std::string, std::string> parse_form(std::string_view text);

std::string base64_encode(std::string_view bytes);
/// nullopt when `text` is not valid base64.
std::optional<std::string> base64_decode(std::string_view text);

} // namespace upsync::sim
