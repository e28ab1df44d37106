// Upwork connections (F2, F11): start the OAuth flow, the callback with discovery, list,
// re-authorize and disconnect. Upwork is reached only through upwork_gateway; the callback
// is the use case domain::connect (parse, call, render).
#include "domain/use_cases/connect.hpp"
#include "http/api_error.hpp"
#include "http/connect_upwork.hpp"
#include "http/connection_discovery_view.hpp"
#include "http/handlers/routes.hpp"
#include "http/json_body.hpp"
#include "http/refusal_error.hpp"
#include "http/request_bodies.hpp"
#include "http/sync_control.hpp"
#include "http/upwork_gateway.hpp"
#include "common/encoding.hpp"
#include "common/json_writer.hpp"
#include "common/time_format.hpp"
#include "storage/connect_store.hpp"
#include "storage/connection_discovery.hpp"
#include "storage/secrets.hpp"
#include "storage/upwork_connections_store.hpp"
#include "storage/upwork_oauth_states.hpp"
#include "storage/upwork_organizations_store.hpp"
#include "storage/webhooks.hpp"

#include <spdlog/spdlog.h>
#include <variant>

namespace upsync::http {

namespace {

namespace store = storage::upwork_store;

constexpr std::int64_t state_lifetime_seconds = 600;

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
  storage::webhooks::set_connection_status(req.db(), c.workspace_id, c.id, "disconnected", req.now());
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

/// The request's transactions as the connect's steps (api_request::commit_step, begin_step).
storage::transaction_steps steps_of(api_request& req) {
  return {[&req] { return req.tx; }, req.commit_step, req.begin_step};
}

void log_connected(const api_request& req, const domain::connected& c, const storage::connect_store& saving,
                   const connect_upwork& upwork_side) {
  spdlog::info("upwork_connected request_id={} workspace={} connection={} reauthorized={} discovery={}", req.request_id,
               c.workspace_id, c.connection_id, c.reauthorized, domain::to_string(c.discovery));
  if (const auto& counts = saving.saved())
    spdlog::info("upwork_discovered request_id={} workspace={} connection={} organizations={} users={} "
                 "contracts={} skipped_entries={}",
                 req.request_id, c.workspace_id, c.connection_id, counts->organizations, counts->users,
                 counts->contracts, upwork_side.skipped_entries());
  if (c.discovery == domain::discovery_state::pending)
    spdlog::error("upwork_discovery_not_saved request_id={} connection={} error=\"{}\"", req.request_id,
                  c.connection_id, c.pending_because);
}

api_response callback(api_request& req, const upwork_gateway& gateway, const std::shared_ptr<sync_control>& control) {
  if (auto refused = req.query.find("error"); refused != req.query.end())
    throw invalid_request("Upwork did not authorize: " + refused->second.substr(0, 100), "error");
  auto state = query_value(req, "state", 200);
  auto code = query_value(req, "code", 2000);

  storage::connect_store saving{steps_of(req), gateway.key(), req.now()};
  connect_upwork upwork_side{gateway, req.request_id, [&req] { return req.now(); }};
  auto outcome = domain::connect(saving, upwork_side, state, code);
  if (auto* refused = std::get_if<domain::refusal>(&outcome))
    throw refusal_error(*refused);
  const auto& c = std::get<domain::connected>(outcome);
  // The code exchange and discovery were the connection's first requests of the day.
  std::vector<storage::connection_request_days::count> sent;
  for (const auto& d : upwork_side.requests().take_unsaved())
    sent.push_back({c.workspace_id, c.connection_id, d.day, d.requests});
  try {
    saving.add_requests(sent);
  } catch (const std::exception& e) { // an operator's figure: never the connect's failure
    spdlog::warn("connection_request_counts_failed request_id={} connection={} error=\"{}\"", req.request_id,
                 c.connection_id, e.what());
  }
  log_connected(req, c, saving, upwork_side);
  if (c.discovery != domain::discovery_state::done) // the DISCOVERY actor retries it with backoff
    request_discovery_retry(req, control, c.workspace_id, c.connection_id);
  // A re-authorized connection resumes syncing with every mapping it had.
  notify_connections_changed(req, control);

  json::writer w;
  w.begin_object().key("connection").begin_object();
  w.field("id", std::to_string(c.connection_id)).field("status", "active");
  w.key("discovery").begin_object().field("status", domain::to_string(c.discovery)).end_object();
  w.end_object().end_object();
  api_response answer{200, std::move(w).str()};
  if (!wants_json(req)) {
    // A browser came back from Upwork: on to the wizard.
    answer.status = 303;
    answer.headers.emplace_back("Location", "/console/wizard?connection=" + std::to_string(c.connection_id));
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
