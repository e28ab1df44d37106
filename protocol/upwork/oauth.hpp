// OAuth2 with Upwork: the authorize URL, the code exchange and the refresh (which rotates).
#pragma once

#include "domain/upwork_records.hpp"
#include "protocol/upwork/backoff.hpp"
#include "protocol/upwork/clock.hpp"
#include "protocol/upwork/http_transport.hpp"
#include "protocol/upwork/observer.hpp"
#include "protocol/upwork/request_budget.hpp"
#include "protocol/upwork/request_tally.hpp"
#include "protocol/upwork/result.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace upsync::upwork {

/// Where and as whom to authorize. The URLs are configuration: the defaults are Upwork's,
/// a simulator or test sets its own.
struct oauth_config {
  std::string authorize_url = "https://www.upwork.com/ab/account-security/oauth2/authorize";
  std::string token_url = "https://www.upwork.com/api/v3/oauth2/token";
  std::string client_id;
  std::string client_secret;
  std::string redirect_uri;
  /// Send client_id/client_secret as form fields instead of HTTP Basic (Upwork takes
  /// both; some servers only the form).
  bool credentials_in_body = false;
};

/// A token answer: the domain's record (domain/upwork_records), which storage seals and saves.
using token_set = domain::token_set;

/// The URL to send the user to: response_type=code, client_id, redirect_uri and the
/// caller's one-time `state`. No `scope`: scopes live on the API key, and sending one
/// fails with invalid_scope.
std::string build_authorize_url(const oauth_config& config, std::string_view state);

/// Reads a token endpoint answer of any status:
/// - 2xx with access_token: the tokens (expires_in as number or string);
/// - `invalid_grant` (expired, revoked or unknown code/refresh token): needs_reauth;
/// - other OAuth errors (invalid_request, invalid_client, ...) and other 4xx: permanent;
/// - 429 and 5xx: retryable; a body of the wrong shape: malformed.
result<token_set> parse_token_response(int http_status, std::string_view body);

/// Talks to the token endpoint, with the client credentials as HTTP Basic (or form fields,
/// see oauth_config::credentials_in_body). Retries
/// retryable failures with backoff; takes from the shared budget when one is given.
class oauth_client {
public:
  oauth_client(oauth_config config, std::shared_ptr<http_transport> transport,
               std::shared_ptr<request_budget> budget = nullptr, retry_policy retry = {},
               std::shared_ptr<upwork::clock> clk = clock::system());

  /// grant_type=authorization_code with the code from the redirect.
  result<token_set> exchange_code(std::string_view code);
  /// grant_type=refresh_token. A refresh answer without refresh_token keeps the old one.
  result<token_set> refresh(std::string_view refresh_token);

  const oauth_config& config() const { return config_; }

  /// Told of every exchange with the token endpoint (operation "token") and every retry;
  /// none when null. Set before the first request.
  void set_observer(std::shared_ptr<client_observer> observer) { observer_ = std::move(observer); }
  /// Counts every request it sends (retries too) for the grant it refreshes; none when null.
  void count_requests_in(std::shared_ptr<request_tally> tally) { requests_ = std::move(tally); }

private:
  result<token_set> post_form(const std::string& form);

  oauth_config config_;
  std::shared_ptr<http_transport> transport_;
  std::shared_ptr<request_budget> budget_;
  std::shared_ptr<upwork::clock> clock_;
  backoff backoff_;
  std::shared_ptr<client_observer> observer_;
  std::shared_ptr<request_tally> requests_;
};

} // namespace upsync::upwork
