// Use case: connect an Upwork account (the OAuth callback, F2/F11). The one-time state is
// claimed and committed first, so a concurrent replay is refused; the code exchange and
// discovery then run outside any database transaction (no row lock or snapshot is held
// while Upwork answers); the connection with its sealed tokens is saved in one
// transaction, and discovery's outcome in another. A failed exchange releases the state
// so the user can try again; after a successful exchange the connect never fails (a
// failed discovery is kept as such and retried in the background).
#pragma once

#include "domain/upwork_records.hpp"
#include "domain/use_cases/refusal.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace upsync::domain {

/// What a one-time OAuth state was bound to when the authorization started.
struct connect_binding {
  std::int64_t workspace_id;
  std::int64_t member_id;                    ///< who started it
  std::optional<std::int64_t> connection_id; ///< set when re-authorizing that connection
};

/// What a connect writes. Every call is a transaction of its own, committed when it
/// returns; none is open between calls (the Upwork side runs between them).
class connect_storage {
public:
  virtual ~connect_storage() = default;
  /// Marks the state in use, atomically: none when unknown, in use, used or expired.
  virtual std::optional<connect_binding> claim_state(const std::string& state) = 0;
  /// Makes a claimed state usable again (its exchange failed).
  virtual void release_state(const std::string& state) = 0;
  virtual bool connection_exists(std::int64_t workspace_id, std::int64_t connection_id) = 0;
  /// Creates the connection (or re-activates the bound one), seals and saves `tokens`,
  /// discovery pending — in one transaction. Returns the connection's id.
  virtual std::int64_t save_connection(const connect_binding& binding, const token_set& tokens) = 0;
  /// What discovery found (mappings kept), discovery done.
  virtual void save_discovery(std::int64_t workspace_id, std::int64_t connection_id,
                              const std::vector<organization_snapshot>& found) = 0;
  /// Discovery failed: `error` is short and secret-free.
  virtual void save_discovery_failure(std::int64_t workspace_id, std::int64_t connection_id,
                                      const std::string& error) = 0;
};

/// What a connect asks of Upwork.
class connect_upwork {
public:
  virtual ~connect_upwork() = default;
  struct exchange {
    enum class failure { none, refused, unreachable };
    std::optional<token_set> tokens; ///< set exactly when failure is none
    failure failed = failure::none;
  };
  /// grant_type=authorization_code: refused when Upwork turns the code down (bad or used).
  virtual exchange exchange_code(const std::string& code) = 0;
  struct discovery {
    std::optional<std::vector<organization_snapshot>> found; ///< none when it failed
    std::string error;                                       ///< why not, short and secret-free
  };
  /// Every organization the tokens reach; fails whole (nothing partial is saved).
  virtual discovery discover(const token_set& tokens) = 0;
};

enum class discovery_state {
  done,
  failed,  ///< saved as failed: retry it in the background
  pending, ///< its outcome could not be saved: retry it in the background
};
const char* to_string(discovery_state state);

struct connected {
  std::int64_t workspace_id;
  std::int64_t connection_id;
  bool reauthorized;
  discovery_state discovery;
  std::string pending_because; ///< why discovery is pending (an exception's text, for the log)
};

/// Connects with the OAuth callback's `state` and `code`, or refuses: an unknown, used or
/// expired state, or one bound to a connection that is gone (the same words for each:
/// never say which; 400 `state`), a code Upwork refuses (400 `code`), Upwork out of reach
/// (503). A refused connect writes nothing and leaves the state as it found it.
std::variant<connected, refusal> connect(connect_storage& storage, connect_upwork& upwork, const std::string& state,
                                         const std::string& code);

} // namespace upsync::domain
