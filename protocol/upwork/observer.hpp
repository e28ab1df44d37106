// What the Upwork client tells whoever measures it (the engine's metrics), without
// knowing who listens: protocol stays below actors and metrics.
#pragma once

#include <chrono>
#include <cstddef>
#include <string_view>

namespace upsync::upwork {

/// Called from the client's threads; implementations must be thread-safe and cheap.
/// Every hook has an empty default, so an observer overrides only what it counts.
class client_observer {
public:
  virtual ~client_observer() = default;
  /// One HTTP exchange ended. `operation` is the GraphQL operation name (a fixed set,
  /// from queries.cpp) or "token"; `http_status` is 0 when no answer arrived.
  virtual void request_done(std::string_view operation, int http_status, std::chrono::nanoseconds took) {
    (void)operation, (void)http_status, (void)took;
  }
  /// A request is repeated after a retryable failure.
  virtual void retried(std::string_view operation) { (void)operation; }
  /// A token refresh ended: `ok`, or refused (`needs_reauth` when the grant is gone).
  virtual void token_refreshed(bool ok, bool needs_reauth) { (void)ok, (void)needs_reauth; }
  /// An answer of `operation` held `count` list entries that were skipped as unusable
  /// (null, not an object, no id, a pending offer without contract details).
  virtual void entries_skipped(std::string_view operation, std::size_t count) { (void)operation, (void)count; }
};

/// The GraphQL operation a request body names: the word after `query ` or `mutation `,
/// letters and digits only, at most 48 characters; "unknown" otherwise.
std::string_view operation_name(std::string_view body);

} // namespace upsync::upwork
