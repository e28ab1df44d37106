// Where the GraphQL client gets access tokens, and how it asks for a new one after a 401.
#pragma once

#include "protocol/upwork/clock.hpp"
#include "protocol/upwork/oauth.hpp"
#include "protocol/upwork/observer.hpp"
#include "protocol/upwork/request_tally.hpp"
#include "protocol/upwork/result.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace upsync::upwork {

/// Converts a wall-clock expiry (what a database stores, e.g. epoch seconds) to a point on
/// `clk`, the monotonic clock oauth_token_provider compares against.
clock::time_point expiry_on(upwork::clock& clk, std::chrono::system_clock::time_point utc);

/// Supplied by the caller (the connection actor owns the tokens). Must be thread-safe
/// when one provider serves several clients.
class token_provider {
public:
  virtual ~token_provider() = default;
  /// The access token to send now.
  virtual result<std::string> access_token() = 0;
  /// Called once per call after a 401 with the token that was refused. Returns a working
  /// access token: a newer one if another caller already refreshed, else the result of a
  /// refresh whose rotated refresh token has been persisted. Fails with needs_reauth when
  /// the grant is gone (`invalid_grant`).
  virtual result<std::string> refresh_after_rejection(std::string_view rejected) = 0;

  /// Where the GraphQL requests sent with this grant's tokens are counted (the operators'
  /// requests per connection; its oauth_client counts the refreshes), or none. Set before
  /// the provider is shared.
  void count_requests_in(std::shared_ptr<request_tally> tally) { requests_ = std::move(tally); }
  /// One request sent for this grant.
  void count_request() const {
    if (requests_)
      requests_->count();
  }

private:
  std::shared_ptr<request_tally> requests_;
};

/// A fixed token: tests and one-off tools. A 401 cannot be cured (kind `auth`).
class static_token_provider : public token_provider {
public:
  explicit static_token_provider(std::string token) : token_(std::move(token)) {}
  result<std::string> access_token() override { return token_; }
  result<std::string> refresh_after_rejection(std::string_view) override;

private:
  std::string token_;
};

/// Keeps one grant's tokens in memory and refreshes them through an oauth_client: when a
/// 401 says so, or proactively when the access token is within `refresh_margin` of expiry.
/// Every rotated token set goes to `persist` before the new access token is handed out;
/// if persisting fails, the new token is not used (the error is returned) so the stored
/// refresh token and the one in use never drift apart. Serializes refreshes.
class oauth_token_provider : public token_provider {
public:
  /// Stores the rotated set (encrypted, atomically); nothing on success.
  using persist_fn = std::function<std::optional<error>(const token_set&)>;

  /// `access_expires_at` is on `clk` (see expiry_on for a stored wall-clock expiry);
  /// nothing = unknown, refresh only after a 401.
  oauth_token_provider(std::shared_ptr<oauth_client> oauth, token_set current,
                       std::optional<clock::time_point> access_expires_at, persist_fn persist,
                       std::shared_ptr<upwork::clock> clk = clock::system(),
                       std::chrono::seconds refresh_margin = std::chrono::minutes{5});

  result<std::string> access_token() override;
  result<std::string> refresh_after_rejection(std::string_view rejected) override;

  /// The tokens held now (for diagnostics and tests).
  token_set current() const;
  /// Refreshes done so far.
  int refreshes() const;
  /// Told of every refresh and its outcome (metrics). Set before the provider is shared.
  void set_observer(std::shared_ptr<client_observer> observer) { observer_ = std::move(observer); }

private:
  /// Refreshes and persists; caller holds the lock.
  result<std::string> refresh_locked();

  std::shared_ptr<oauth_client> oauth_;
  persist_fn persist_;
  std::shared_ptr<upwork::clock> clock_;
  std::chrono::seconds margin_;
  mutable std::mutex mutex_;
  token_set tokens_;
  std::optional<clock::time_point> expires_at_;
  int refreshes_ = 0;
  std::shared_ptr<client_observer> observer_;
  std::optional<error> dead_; ///< set once the grant is gone: no more refresh attempts
};

} // namespace upsync::upwork
