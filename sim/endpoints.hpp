// The simulator's endpoints: OAuth2, GraphQL and the control API, plus the router.
#pragma once

#include "sim/http_types.hpp"
#include "sim/sim_state.hpp"

#include <string>

namespace upsync::sim {

/// GET /ab/account-security/oauth2/authorize: consents at once and redirects back.
reply handle_authorize(sim_state& s, const http_request& req);
/// POST /api/v3/oauth2/token: authorization_code and refresh_token grants.
reply handle_token(sim_state& s, const http_request& req, const std::string& remote_ip);
/// POST /graphql.
reply handle_graphql(sim_state& s, const http_request& req, const std::string& remote_ip);
/// Everything under /__control/.
reply handle_control(sim_state& s, const http_request& req);

/// Dispatches by path, counts statistics, logs, and turns exceptions into 500s.
reply route(sim_state& s, http_request&& req, const std::string& remote_ip);

/// The resolved grant scope for a login_hint, or an error text.
struct hint_result {
  grant_scope scope;
  std::string error;
};
hint_result resolve_login_hint(const world& w, const std::string& hint);

} // namespace upsync::sim
