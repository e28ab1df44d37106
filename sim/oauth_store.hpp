// OAuth2 state: authorization codes, access tokens and rotating refresh tokens.
#pragma once

#include "sim/sim_clock.hpp"

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace upsync::sim {

struct oauth_settings {
  std::int64_t access_ttl_s = 86'400;       ///< access tokens live 24 h
  std::int64_t refresh_ttl_s = 14 * 86'400; ///< a fresh refresh token lives 14 days
  std::int64_t rotation_grace_s = 86'400;   ///< a rotated refresh token dies 24 h later
  std::int64_t code_ttl_s = 600;            ///< authorization codes: 10 minutes, single use
  std::string client_secret;                ///< when set, every client must present it; else any non-empty
};

/// Who a grant is for: the organizations it reaches (empty = every organization).
struct grant_scope {
  std::vector<std::uint32_t> orgs; ///< sorted, unique
  std::uint32_t primary = 0;       ///< answers when no tenant header is sent
  std::string login_hint;
};

/// What the token endpoint answers: tokens, or an OAuth error with its HTTP status.
struct token_outcome {
  int status = 200;
  std::string error; ///< invalid_grant, invalid_request, invalid_client, unsupported_grant_type
  std::string error_description;
  std::string access_token;
  std::string refresh_token;
  std::int64_t expires_in = 0;
};

/// A valid access token's grant.
struct access_grant {
  std::string client_id;
  std::shared_ptr<const grant_scope> scope;
};

enum class access_denial { none, unknown, expired, request_budget_spent };

class oauth_store {
public:
  oauth_store(sim_clock& clock, oauth_settings settings);

  /// Issues a single-use code bound to client and redirect URI.
  std::string issue_code(const std::string& client_id, const std::string& redirect_uri, grant_scope scope);
  /// Checks client credentials (before any grant logic).
  token_outcome authenticate_client(const std::string& client_id, const std::string& secret) const;
  token_outcome exchange_code(const std::string& client_id, const std::string& code, const std::string& redirect_uri);
  /// Rotates: the old refresh token keeps working for the grace period, then dies.
  token_outcome refresh(const std::string& client_id, const std::string& refresh_token);

  /// Validates a bearer token and counts one use. `max_requests` > 0 makes a token die
  /// after that many uses (a fault knob).
  access_denial check_access(const std::string& token, int max_requests, access_grant& out);

  /// Every access and refresh token ever issued, revoked or not (leak searches in tests).
  std::vector<std::string> issued_tokens();

  /// Revokes every token of every grant (tests of `needs_reauth`).
  void revoke_all();
  const oauth_settings& settings() const { return settings_; }
  static token_outcome failure(int status, std::string error, std::string description);

private:
  struct code_entry {
    std::string client_id;
    std::string redirect_uri;
    std::shared_ptr<const grant_scope> scope;
    std::int64_t expires_ms;
  };
  struct access_entry {
    std::string client_id;
    std::shared_ptr<const grant_scope> scope;
    std::int64_t expires_ms;
    int uses = 0;
  };
  struct refresh_entry {
    std::string client_id;
    std::shared_ptr<const grant_scope> scope;
    std::int64_t expires_ms;
  };

  token_outcome issue_pair(const std::string& client_id, std::shared_ptr<const grant_scope> scope);
  static std::string new_token();

  sim_clock& clock_;
  oauth_settings settings_;
  std::mutex mutex_;
  std::unordered_map<std::string, code_entry> codes_;
  std::unordered_map<std::string, access_entry> access_;
  std::unordered_map<std::string, refresh_entry> refresh_;
  std::vector<std::string> issued_;
};

/// `oauth2v2_1a2b…` shortened for logs: tokens are never logged in full.
std::string redact_token(const std::string& token);

} // namespace upsync::sim
