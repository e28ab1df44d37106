// OAuth2 state with rotation on the simulated clock.
#include "sim/oauth_store.hpp"

#include <openssl/rand.h>
#include <stdexcept>

namespace upsync::sim {

oauth_store::oauth_store(sim_clock& clock, oauth_settings settings) : clock_(clock), settings_(std::move(settings)) {}

std::string oauth_store::new_token() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1)
    throw std::runtime_error("RAND_bytes failed");
  static constexpr char hex[] = "0123456789abcdef";
  std::string t = "oauth2v2_";
  for (unsigned char b : bytes) {
    t.push_back(hex[b >> 4]);
    t.push_back(hex[b & 15]);
  }
  return t;
}

token_outcome oauth_store::failure(int status, std::string error, std::string description) {
  token_outcome o;
  o.status = status;
  o.error = std::move(error);
  o.error_description = std::move(description);
  return o;
}

std::string oauth_store::issue_code(const std::string& client_id, const std::string& redirect_uri, grant_scope scope) {
  auto code = new_token().substr(9); // codes are plain hex
  std::lock_guard lock{mutex_};
  codes_[code] = {client_id, redirect_uri, std::make_shared<const grant_scope>(std::move(scope)),
                  clock_.now_ms() + settings_.code_ttl_s * 1000};
  return code;
}

token_outcome oauth_store::authenticate_client(const std::string& client_id, const std::string& secret) const {
  if (client_id.empty())
    return failure(400, "invalid_request", "Missing parameters: client_id");
  if (secret.empty())
    return failure(400, "invalid_request", "Missing parameters: client_secret");
  if (!settings_.client_secret.empty() && secret != settings_.client_secret)
    return failure(401, "invalid_client", "Client authentication failed");
  return {};
}

token_outcome oauth_store::issue_pair(const std::string& client_id, std::shared_ptr<const grant_scope> scope) {
  token_outcome o;
  o.access_token = new_token();
  o.refresh_token = new_token();
  o.expires_in = settings_.access_ttl_s;
  auto now = clock_.now_ms();
  access_[o.access_token] = {client_id, scope, now + settings_.access_ttl_s * 1000};
  refresh_[o.refresh_token] = {client_id, std::move(scope), now + settings_.refresh_ttl_s * 1000};
  issued_.push_back(o.access_token);
  issued_.push_back(o.refresh_token);
  return o;
}

token_outcome oauth_store::exchange_code(const std::string& client_id, const std::string& code,
                                         const std::string& redirect_uri) {
  if (code.empty())
    return failure(400, "invalid_request", "Missing parameters: code");
  if (redirect_uri.empty())
    return failure(400, "invalid_request", "Missing parameters: redirect_uri");
  std::lock_guard lock{mutex_};
  auto it = codes_.find(code);
  if (it == codes_.end() || it->second.expires_ms < clock_.now_ms() || it->second.client_id != client_id)
    return failure(400, "invalid_grant", "Authorization code is invalid, expired or revoked");
  if (it->second.redirect_uri != redirect_uri)
    return failure(400, "invalid_grant", "Redirect URI does not match the authorization request");
  auto scope = it->second.scope;
  codes_.erase(it); // single use
  return issue_pair(client_id, std::move(scope));
}

token_outcome oauth_store::refresh(const std::string& client_id, const std::string& token) {
  if (token.empty())
    return failure(400, "invalid_request", "Missing parameters: refresh_token");
  std::lock_guard lock{mutex_};
  auto now = clock_.now_ms();
  auto it = refresh_.find(token);
  if (it == refresh_.end() || it->second.expires_ms <= now || it->second.client_id != client_id)
    return failure(400, "invalid_grant", "Refresh token is expired or revoked or not registered");
  auto scope = it->second.scope;
  // Rotation: the presented token survives only for the grace period.
  it->second.expires_ms = std::min(it->second.expires_ms, now + settings_.rotation_grace_s * 1000);
  return issue_pair(client_id, std::move(scope));
}

access_denial oauth_store::check_access(const std::string& token, int max_requests, access_grant& out) {
  std::lock_guard lock{mutex_};
  auto it = access_.find(token);
  if (it == access_.end())
    return access_denial::unknown;
  if (it->second.expires_ms <= clock_.now_ms())
    return access_denial::expired;
  if (max_requests > 0 && it->second.uses >= max_requests)
    return access_denial::request_budget_spent;
  ++it->second.uses;
  out.client_id = it->second.client_id;
  out.scope = it->second.scope;
  return access_denial::none;
}

std::vector<std::string> oauth_store::issued_tokens() {
  std::lock_guard lock{mutex_};
  return issued_;
}

void oauth_store::revoke_all() {
  std::lock_guard lock{mutex_};
  codes_.clear();
  access_.clear();
  refresh_.clear();
}

std::string redact_token(const std::string& token) {
  if (token.size() <= 13)
    return "***";
  return token.substr(0, 13) + "…";
}

} // namespace upsync::sim
