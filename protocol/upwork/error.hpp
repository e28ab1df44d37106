// The one error type of the Upwork client, and the classes that decide what a caller does.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <utility>

namespace upsync::upwork {

/// What the caller should do about a failure. The client already retried what it could
/// within its retry policy; these tell a fetcher or connection actor what is left.
enum class error_kind {
  retryable,    ///< 429, 5xx, timeouts, resets, malformed bodies: try again later.
  auth,         ///< 401 that a refresh did not cure (or no refresh possible).
  needs_reauth, ///< The grant is gone (`invalid_grant`): the user must authorize again.
  permanent,    ///< GraphQL validation/permission errors, other 4xx: retrying won't help.
  malformed,    ///< The answer did not have the documented shape (retried like retryable).
  config,       ///< Bad URL, unsupported scheme, TLS set-up: fix the configuration.
  budget_spent, ///< Not sent: the day's request budget (daily_budget) is spent for this work.
};

/// Short stable name of a kind ("retryable", "needs_reauth", ...) for logs and metrics.
const char* to_string(error_kind kind);

/// A failure with enough context to log it and to decide on it.
struct error {
  error_kind kind = error_kind::permanent;
  std::string message;
  /// HTTP status of the answer that caused it, 0 when there was none (transport).
  int http_status = 0;
  /// The server's `Retry-After`, when it sent one.
  std::optional<std::chrono::milliseconds> retry_after;

  /// True for the kinds a later attempt may cure.
  bool is_transient() const { return kind == error_kind::retryable || kind == error_kind::malformed; }
};

/// A short text of `e` fit to store and show (a connection's discovery_error): its kind,
/// HTTP status and message, without the piece of the answer body a message may quote
/// after "HTTP nnn: ", at most about 200 bytes.
std::string summary(const error& e);

/// Builds an error of `kind` with `message`.
inline error make_error(error_kind kind, std::string message, int http_status = 0) {
  error e;
  e.kind = kind;
  e.message = std::move(message);
  e.http_status = http_status;
  return e;
}

} // namespace upsync::upwork
