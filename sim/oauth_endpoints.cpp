// OAuth2 endpoints: the auto-consenting authorize page and the token endpoint.
#include "common/json_writer.hpp"
#include "sim/endpoints.hpp"
#include "sim/url_codec.hpp"

#include <algorithm>
#include <sstream>

namespace upsync::sim {

namespace {

std::string query_of(const http_request& req) {
  auto target = std::string_view{req.target().data(), req.target().size()};
  auto q = target.find('?');
  return q == std::string_view::npos ? std::string{} : std::string{target.substr(q + 1)};
}

std::string with_params(const std::string& uri, const std::string& params) {
  return uri + (uri.find('?') == std::string::npos ? "?" : "&") + params;
}

reply redirect(const http_request& req, const std::string& location) {
  reply r;
  r.res = http_response{http::status::found, req.version()};
  r.res.set(http::field::server, "upwork-sim");
  r.res.set(http::field::location, location);
  r.res.keep_alive(req.keep_alive());
  r.res.prepare_payload();
  return r;
}

// Client credentials: HTTP Basic first, then form fields.
std::pair<std::string, std::string> client_credentials(const http_request& req,
                                                       const std::map<std::string, std::string>& form) {
  auto auth = req[http::field::authorization];
  std::string_view a{auth.data(), auth.size()};
  if (a.size() > 6 && (a.substr(0, 6) == "Basic " || a.substr(0, 6) == "basic ")) {
    if (auto decoded = base64_decode(a.substr(6))) {
      auto colon = decoded->find(':');
      if (colon != std::string::npos)
        return {url_decode(decoded->substr(0, colon)), url_decode(decoded->substr(colon + 1))};
    }
  }
  auto get = [&](const char* k) {
    auto it = form.find(k);
    return it == form.end() ? std::string{} : it->second;
  };
  return {get("client_id"), get("client_secret")};
}

} // namespace

hint_result resolve_login_hint(const world& w, const std::string& hint) {
  hint_result r;
  r.scope.login_hint = hint;
  if (hint.empty())
    return r;
  std::vector<std::uint32_t> orgs;
  std::stringstream in{hint};
  std::string part;
  bool first = true;
  while (std::getline(in, part, ',')) {
    if (part.empty())
      continue;
    std::vector<std::uint32_t> found;
    if (auto org = w.data().find_org(part))
      found.push_back(*org);
    else
      found = w.data().orgs_of_user(part);
    if (found.empty()) {
      r.error = "login_hint names no known organization or user: " + part;
      return r;
    }
    if (first)
      r.scope.primary = found.front();
    first = false;
    orgs.insert(orgs.end(), found.begin(), found.end());
  }
  std::sort(orgs.begin(), orgs.end());
  orgs.erase(std::unique(orgs.begin(), orgs.end()), orgs.end());
  r.scope.orgs = std::move(orgs);
  return r;
}

reply handle_authorize(sim_state& s, const http_request& req) {
  if (req.method() != http::verb::get)
    return oauth_error(req, 405, "invalid_request", "Use GET");
  auto q = parse_form(query_of(req));
  auto get = [&](const char* k) {
    auto it = q.find(k);
    return it == q.end() ? std::string{} : it->second;
  };
  auto client_id = get("client_id"), redirect_uri = get("redirect_uri"), state = get("state");
  if (client_id.empty())
    return oauth_error(req, 400, "invalid_request", "Missing parameters: client_id");
  if (redirect_uri.empty())
    return oauth_error(req, 400, "invalid_request", "Missing parameters: redirect_uri");
  auto fail = [&](const std::string& error, const std::string& description) {
    std::string params = "error=" + url_encode(error) + "&error_description=" + url_encode(description);
    if (!state.empty())
      params += "&state=" + url_encode(state);
    return redirect(req, with_params(redirect_uri, params));
  };
  if (get("response_type") != "code")
    return fail("unsupported_response_type", "response_type must be code");
  // Scopes live on the API key; sending one is refused, as on Upwork.
  if (q.count("scope"))
    return fail("invalid_scope", "The requested scope is invalid, unknown, or malformed.");
  auto hint = resolve_login_hint(s.w, get("login_hint"));
  if (!hint.error.empty())
    return fail("access_denied", hint.error);
  auto code = s.oauth.issue_code(client_id, redirect_uri, std::move(hint.scope));
  std::string params = "code=" + code;
  if (!state.empty())
    params += "&state=" + url_encode(state);
  return redirect(req, with_params(redirect_uri, params));
}

reply handle_token(sim_state& s, const http_request& req, const std::string& remote_ip) {
  if (req.method() != http::verb::post)
    return oauth_error(req, 405, "invalid_request", "Use POST");
  auto cfg = s.faults.config();
  fault_plan plan;
  if (cfg.oauth_faults)
    plan = s.faults.plan("oauth:" + remote_ip, false);
  auto form = parse_form(req.body());
  auto [client_id, secret] = client_credentials(req, form);
  auto get = [&](const char* k) {
    auto it = form.find(k);
    return it == form.end() ? std::string{} : it->second;
  };
  auto grant_type = get("grant_type");

  token_outcome out;
  if (plan.status != 0) {
    auto r = oauth_error(req, plan.status, plan.status == 429 ? "rate_limited" : "server_error", "Simulated fault");
    if (plan.retry_after_s > 0)
      r.res.set(http::field::retry_after, std::to_string(plan.retry_after_s));
    r.delay = plan.delay;
    r.operation = "oauth.token";
    return r;
  }
  if (grant_type.empty()) {
    out = oauth_store::failure(400, "invalid_request", "Missing parameters: grant_type");
  } else {
    out = s.oauth.authenticate_client(client_id, secret);
    if (!out.error.empty())
      ; // bad client credentials answer before any grant logic
    else if (grant_type == "authorization_code")
      out = s.oauth.exchange_code(client_id, get("code"), get("redirect_uri"));
    else if (grant_type == "refresh_token")
      out = s.oauth.refresh(client_id, get("refresh_token"));
    else
      out = oauth_store::failure(400, "unsupported_grant_type", "Unsupported grant type: " + grant_type);
  }

  reply r;
  if (!out.error.empty()) {
    r = oauth_error(req, out.status, out.error, out.error_description);
  } else {
    json::writer w;
    w.begin_object()
      .field("access_token", out.access_token)
      .field("refresh_token", out.refresh_token)
      .field("token_type", "Bearer")
      .field("expires_in", static_cast<std::int64_t>(out.expires_in))
      .end_object();
    r = json_reply(req, http::status::ok, std::move(w).str());
    r.res.set(http::field::cache_control, "no-store");
  }
  r.delay = plan.delay;
  r.operation = "oauth.token." + (grant_type.empty() ? std::string{"none"} : grant_type);
  return r;
}

} // namespace upsync::sim
