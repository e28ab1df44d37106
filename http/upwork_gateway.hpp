// The one door from HTTP handlers to Upwork: authorize URLs, code exchange, discovery at
// connect. Refreshing an organization later is the sync engine's (its organization actor).
#pragma once

#include "protocol/upwork/oauth.hpp"
#include "protocol/upwork/observer.hpp"
#include "protocol/upwork/organization_snapshot.hpp"
#include "protocol/upwork/request_budget.hpp"
#include "protocol/upwork/request_tally.hpp"
#include "protocol/upwork/result.hpp"
#include "protocol/upwork/types.hpp"
#include "storage/secrets.hpp"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace upsync::http {

/// Where Upwork is and who we are to it (app/config.hpp's UPSYNC_UPWORK_* and the key).
struct upwork_settings {
  std::string authorize_url = "https://www.upwork.com/ab/account-security/oauth2/authorize";
  std::string token_url = "https://www.upwork.com/api/v3/oauth2/token";
  std::string graphql_url = "https://api.upwork.com/graphql";
  std::string client_id;
  std::string client_secret;
  std::string redirect_uri;
  std::string secret_key_hex; ///< 64 hex digits: seals the tokens at rest
  int import_days = 90;       ///< shown in the wizard's sync info
  /// Shared with the sync engine, so requests from handlers count against the same rate.
  std::shared_ptr<upwork::request_budget> budget;
  /// Counts the code exchange and discovery requests like the engine's (metrics); may be null.
  std::shared_ptr<upwork::client_observer> observer;
};

class upwork_gateway {
public:
  /// Throws std::invalid_argument when the secret key is not 64 hex digits.
  explicit upwork_gateway(upwork_settings settings);

  /// Upwork's authorize URL carrying the one-time `state`.
  std::string authorize_url(std::string_view state) const;
  /// grant_type=authorization_code. A bad or used code fails with kind needs_reauth
  /// (Upwork's `invalid_grant`).
  /// Both count what they send into `requests` when given (the connection's requests).
  upwork::result<upwork::token_set> exchange_code(std::string_view code,
                                                  std::shared_ptr<upwork::request_tally> requests = nullptr) const;
  /// Every organization the access token reaches, each with its kind, people and
  /// contracts (upwork::discover_organizations). Fails whole (no partial discovery): the
  /// caller writes all or nothing.
  upwork::result<std::vector<upwork::organization_snapshot>>
  discover(const std::string& access_token, std::shared_ptr<upwork::request_tally> requests = nullptr) const;

  const storage::secret_key& key() const { return key_; }
  const upwork_settings& settings() const { return settings_; }

private:
  upwork::oauth_config oauth_config() const;

  upwork_settings settings_;
  storage::secret_key key_;
};

} // namespace upsync::http
