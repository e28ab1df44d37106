// The pure first steps of answering a raw request, before any routing or database: the
// target split into a decoded path and query, the bearer token and the request id.
// Factored out of the dispatcher so that fuzz/fuzz_http_request.cpp can drive them.
#pragma once

#include "http/server.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace upsync::http {

struct request_target {
  std::string path; ///< percent-decoded, starts with '/'
  std::map<std::string, std::string> query;
};

/// Splits and decodes "/path?x=1&y=2". Throws api_error 400 when the path is not an
/// absolute, decodable path or the query is malformed.
request_target parse_request_target(std::string_view target);

/// "a=1&b=%20" -> {a: 1, b: " "} ('+' is a space). Throws api_error 400 when malformed.
std::map<std::string, std::string> parse_query(std::string_view text);

/// The client's X-Request-Id when short and plain (so it can inject nothing into logs
/// or headers), else a fresh random one.
std::string request_id_for(const request& req);

/// The token of "Authorization: Bearer <token>" (scheme case-insensitive), at most 256
/// characters; nullopt otherwise.
std::optional<std::string> bearer_token(const request& req);

} // namespace upsync::http
