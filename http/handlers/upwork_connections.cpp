// Upwork connections (F2, F11): start the OAuth flow, the callback with discovery, list,
// re-authorize and disconnect. Upwork is reached only through upwork_gateway; the callback
// connects in steps (http/connect_discovery.hpp).
#include "http/api_error.hpp"
#include "http/connect_discovery.hpp"
#include "http/connection_discovery_view.hpp"
#include "http/handlers/routes.hpp"
#include "http/json_body.hpp"
#include "http/request_bodies.hpp"
#include "http/sync_control.hpp"
#include "http/upwork_gateway.hpp"
#include "common/encoding.hpp"
#include "common/json_writer.hpp"
#include "common/time_format.hpp"
#include "storage/connection_discovery.hpp"
#include "storage/connection_tokens.hpp"
#include "storage/secrets.hpp"
#include "storage/upwork_connections_store.hpp"
#include "storage/upwork_oauth_states.hpp"
#include "storage/upwork_organizations_store.hpp"

#include <spdlog/spdlog.h>

namespace upsync::http {

namespace {

namespace store = storage::upwork_store;

constexpr std::int64_t state_lifetime_seconds = 600;

api_error upwork_unavailable(const std::string& what) {
  return {503, "unavailable", "Upwork could not be reached (" + what + "); try again"};
}

// The same answer for an unknown, used or expired state: never say which.
api_error bad_state() { return invalid_request("the authorization state is unknown, used or expired", "state"); }

/// A new one-time state bound to the caller (and, re-authorizing, to a connection).
api_response start_authorization(api_request& req, const upwork_gateway& gateway,
                                 std::optional<storage::db_id> connection_id) {
  read_empty_body(req.body);
  auto state = encoding::to_base64url(storage::random_bytes(32));
  store::create_oauth_state(req.db(), state,
                            {req.who().workspace_id, req.who().id, connection_id, req.now() + state_lifetime_seconds});
  json::writer w;
  w.begin_object().field("authorize_url", gateway.authorize_url(state)).field("state", state).end_object();
  return {201, std::move(w).str()};
}

store::connection_record connection_of(api_request& req) {
  auto id = parse_id(req.params.at(0));
  auto found = id ? store::find_connection(req.db(), req.who().workspace_id, *id) : std::nullopt;
  if (!found)
    throw not_found("connection");
  return *found;
}

void write_connection(json::writer& w, const store::connection_record& c,
                      const std::vector<store::organization_record>& orgs) {
  w.begin_object()
    .field("id", std::to_string(c.id))
    .field("status", c.status)
    .field("created_at", time_format::format_rfc3339(c.created_at));
  w.key("organization_ids").begin_array();
  for (const auto& o : orgs)
    if (o.connection_id == c.id)
      w.value(o.id);
  w.end_array();
  write_discovery(w, c);
  w.end_object();
}

std::string one_connection(api_request& req, const store::connection_record& c) {
  json::writer w;
  write_connection(w, c, store::list_organizations(req.db(), req.who().workspace_id));
  return std::move(w).str();
}

api_response list_connections(api_request& req) {
  auto ws = req.who().workspace_id;
  auto orgs = store::list_organizations(req.db(), ws);
  json::writer w;
  w.begin_object().key("items").begin_array();
  for (const auto& c : store::list_connections(req.db(), ws))
    write_connection(w, c, orgs);
  w.end_array().end_object();
  return {200, std::move(w).str()};
}

api_response disconnect(api_request& req, const std::shared_ptr<sync_control>& control) {
  auto c = connection_of(req);
  // Sync stops because the engine only runs active connections; intervals and mappings
  // stay. The tokens go: a disconnected grant is never used again (re-authorizing brings
  // new ones).
  store::set_connection_status(req.db(), c.workspace_id, c.id, "disconnected");
  storage::forget_tokens(req.db(), c.workspace_id, c.id);
  c.status = "disconnected";
  notify_connections_changed(req, control);
  return {200, one_connection(req, c)};
}

std::string query_value(const api_request& req, const std::string& key, std::size_t max_length) {
  auto it = req.query.find(key);
  if (it == req.query.end() || it->second.empty())
    throw invalid_request("is required", key);
  if (it->second.size() > max_length)
    throw invalid_request("longer than " + std::to_string(max_length) + " characters", key);
  return it->second;
}

bool wants_json(const api_request& req) {
  auto it = req.headers.find("accept");
  return it != req.headers.end() && it->second.find("application/json") != std::string::npos;
}

api_response callback(api_request& req, const upwork_gateway& gateway, const std::shared_ptr<sync_control>& control) {
  if (auto refused = req.query.find("error"); refused != req.query.end())
    throw invalid_request("Upwork did not authorize: " + refused->second.substr(0, 100), "error");
  auto state = query_value(req, "state", 200);
  auto code = query_value(req, "code", 2000);

  // Used up first, in this request's transaction: a concurrent replay waits for the row
  // and then finds it used. A failed exchange rolls it back; a successful one commits it
  // with the connection and its tokens before discovery starts.
  auto binding = store::consume_oauth_state(req.db(), state);
  if (!binding)
    throw bad_state();
  auto ws = binding->workspace_id;
  if (binding->connection_id && !store::find_connection(req.db(), ws, *binding->connection_id))
    throw bad_state();

  auto tokens = gateway.exchange_code(code);
  if (!tokens.ok()) {
    spdlog::warn("upwork_code_exchange_failed request_id={} kind={} status={}", req.request_id,
                 upwork::to_string(tokens.error().kind), tokens.error().http_status);
    if (tokens.error().kind == upwork::error_kind::needs_reauth)
      throw invalid_request("Upwork refused the authorization code", "code");
    throw upwork_unavailable("token exchange");
  }
  auto id = binding->connection_id ? *binding->connection_id
                                   : store::create_connection(req.db(), ws, binding->member_id, std::nullopt);
  store::set_connection_status(req.db(), ws, id, "active");
  storage::save_tokens(req.db(), ws, id, *tokens, gateway.key(), req.now());
  storage::mark_discovery_pending(req.db(), ws, id);
  spdlog::info("upwork_connected request_id={} workspace={} connection={} reauthorized={}", req.request_id, ws, id,
               binding->connection_id.has_value());
  // The code is spent and the tokens are saved: from here on the answer is a success,
  // whatever discovery meets (it is retried in the background when it fails).
  auto discovery = discover_after_connect(req, gateway, control, ws, id, tokens->access_token);
  // A re-authorized connection resumes syncing with every mapping it had.
  notify_connections_changed(req, control);

  json::writer w;
  w.begin_object().key("connection").begin_object();
  w.field("id", std::to_string(id)).field("status", "active");
  w.key("discovery").begin_object().field("status", discovery).end_object();
  w.end_object().end_object();
  api_response answer{200, std::move(w).str()};
  if (!wants_json(req)) {
    // A browser came back from Upwork: on to the wizard.
    answer.status = 303;
    answer.headers.emplace_back("Location", "/console/wizard?connection=" + std::to_string(id));
  }
  return answer;
}

} // namespace

void add_upwork_connection_routes(router& r, std::shared_ptr<const upwork_gateway> gateway,
                                  std::shared_ptr<sync_control> control) {
  using boost::beast::http::verb;
  r.add(verb::post, "/api/v1/upwork/connections", access::manager,
        [gateway](api_request& req) { return start_authorization(req, *gateway, std::nullopt); });
  r.add(verb::get, "/api/v1/upwork/connections", access::manager, list_connections);
  r.add(verb::post, "/api/v1/upwork/connections/{id}/reauthorize", access::manager, [gateway](api_request& req) {
    auto c = connection_of(req);
    return start_authorization(req, *gateway, c.id);
  });
  r.add(verb::delete_, "/api/v1/upwork/connections/{id}", access::manager,
        [control](api_request& req) { return disconnect(req, control); });
  // No bearer token: the browser returns from Upwork; the one-time state says who it is.
  r.add(verb::get, "/api/v1/upwork/oauth/callback", access::anyone,
        [gateway, control](api_request& req) { return callback(req, *gateway, control); });
}

} // namespace upsync::http
