// The API's error answer: {"error": {"code", "message", "field"?}} with its status.
#pragma once

#include "http/message.hpp"

#include <optional>
#include <stdexcept>
#include <string>

namespace upsync::http {

/// Thrown by handlers to answer with an error; the router renders it.
struct api_error : std::runtime_error {
  api_error(unsigned status, std::string code, const std::string& message,
            std::optional<std::string> field = std::nullopt)
      : std::runtime_error(message), status(status), code(std::move(code)), field(std::move(field)) {}

  unsigned status;
  std::string code;
  std::optional<std::string> field;
};

// -- the contract's error kinds ------------------------------------------------

inline api_error invalid_request(const std::string& message, std::optional<std::string> field = std::nullopt) {
  return {400, "invalid_request", message, std::move(field)};
}
inline api_error unauthenticated() { return {401, "unauthenticated", "a valid bearer token is required"}; }
inline api_error forbidden(const std::string& message) { return {403, "forbidden", message}; }
inline api_error not_found(const std::string& what = "resource") { return {404, "not_found", what + " not found"}; }
inline api_error conflict(const std::string& message, std::optional<std::string> field = std::nullopt) {
  return {409, "conflict", message, std::move(field)};
}
inline api_error unprocessable(const std::string& message, std::optional<std::string> field = std::nullopt) {
  return {422, "unprocessable", message, std::move(field)};
}

/// The JSON body of an error answer.
std::string error_body(const std::string& code, const std::string& message,
                       const std::optional<std::string>& field = std::nullopt);

/// A complete error response for `version` (11 for HTTP/1.1).
response error_response(unsigned status, const std::string& code, const std::string& message, unsigned version,
                        bool keep_alive, const std::optional<std::string>& field = std::nullopt);

} // namespace upsync::http
