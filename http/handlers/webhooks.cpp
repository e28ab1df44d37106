// Webhook endpoints (issue 20): a manager registers a URL and the events it wants, gets its
// signing secret once, lists endpoints and their deliveries, deletes one. A URL must be
// http or https and, unless the operator allows it, reach only public addresses (SSRF).
#include "common/json_writer.hpp"
#include "common/time_format.hpp"
#include "http/api_error.hpp"
#include "http/handlers/routes.hpp"
#include "http/json_body.hpp"
#include "http/views.hpp"
#include "storage/webhooks.hpp"
#include "webhooks/signature.hpp"

#include <set>
#include <simdjson.h>

namespace upsync::http {

namespace {

namespace wh = storage::webhooks;

struct endpoint_body {
  std::string url;
  std::vector<std::string> events;
};

endpoint_body read_endpoint_body(const std::string& text) {
  json_body body{text};
  body.allow_only({"url", "events"});
  endpoint_body b;
  b.url = body.required_string("url", 2000);
  // The events list: simdjson directly (json_body reads scalars only).
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  simdjson::dom::array list;
  if (parser.parse(text.data(), text.size()).get(root) || root.at_key("events").get(list) || list.size() == 0)
    throw invalid_request("must be a non-empty array of event names", "events");
  std::set<std::string> seen;
  for (auto item : list) {
    std::string_view name;
    if (item.get(name) || !domain::is_webhook_event(name))
      throw invalid_request("unknown event; one of connection.needs_reauth, connection.recovered, "
                            "connection.disconnected, import.completed, sync.failing, sync.recovered, "
                            "reconciliation.mismatch",
                            "events");
    if (seen.emplace(name).second)
      b.events.emplace_back(name);
  }
  return b;
}

void write_endpoint(json::writer& w, const wh::endpoint& e) {
  w.field("id", std::to_string(e.id)).field("url", e.url).key("events").begin_array();
  for (const auto& name : e.events)
    w.value(name);
  w.end_array().field("created_at", time_format::format_rfc3339(e.created_at));
}

api_response create(api_request& req, const webhook_settings& settings) {
  auto b = read_endpoint_body(req.body);
  auto url = domain::parse_webhook_url(b.url);
  if (!url)
    throw invalid_request("must be an http:// or https:// URL with a host, without user info or fragment", "url");
  if (!domain::may_deliver_to(url->host, settings.resolve(url->host), settings.destinations))
    throw invalid_request("must reach a public address: the host is private, loopback or reserved, or does not "
                          "resolve (an operator allows hosts with UPSYNC_WEBHOOK_ALLOW_HOSTS)",
                          "url");
  auto key = storage::secret_key::from_hex(settings.secret_key_hex);
  if (!key)
    throw api_error{503, "unavailable", "webhooks need UPSYNC_SECRET_KEY"};
  auto secret = webhooks::new_secret();
  auto e = wh::create_endpoint(req.db(), req.who().workspace_id, req.who().id, b.url, b.events, *key, secret);
  json::writer w;
  w.begin_object();
  write_endpoint(w, e);
  w.field("secret", secret); // once: only its sealed form is kept
  w.end_object();
  return {201, std::move(w).str()};
}

api_response list(api_request& req) {
  json::writer w;
  w.begin_object().key("items").begin_array();
  for (const auto& e : wh::list_endpoints(req.db(), req.who().workspace_id)) {
    w.begin_object();
    write_endpoint(w, e);
    w.end_object();
  }
  w.end_array().end_object();
  return {200, std::move(w).str()};
}

storage::db_id endpoint_id(api_request& req) {
  auto id = parse_id(req.params.at(0));
  if (!id || !wh::endpoint_exists(req.db(), req.who().workspace_id, *id))
    throw not_found("webhook");
  return *id;
}

api_response remove(api_request& req) {
  auto id = endpoint_id(req);
  wh::delete_endpoint(req.db(), req.who().workspace_id, id);
  json::writer w;
  w.begin_object().field("id", std::to_string(id)).field("deleted", true).end_object();
  return {200, std::move(w).str()};
}

using views::time_or_null;

api_response deliveries(api_request& req) {
  auto id = endpoint_id(req);
  int limit = 50;
  if (auto it = req.query.find("limit"); it != req.query.end()) {
    auto n = parse_id(it->second);
    if (!n || *n > 200)
      throw invalid_request("must be between 1 and 200", "limit");
    limit = static_cast<int>(*n);
  }
  json::writer w;
  w.begin_object().key("items").begin_array();
  for (const auto& d : wh::list_deliveries(req.db(), req.who().workspace_id, id, limit)) {
    w.begin_object()
      .field("id", std::to_string(d.id))
      .field("event_id", d.event_id)
      .field("type", d.type)
      .field("state", d.state)
      .field("attempts", d.attempts);
    w.key("last_status");
    if (d.last_status)
      w.value(*d.last_status);
    else
      w.null();
    w.key("last_error").value_or_null(d.last_error);
    time_or_null(w, "created_at", d.created_at);
    time_or_null(w, "delivered_at", d.delivered_at);
    time_or_null(w, "next_attempt_at", d.next_attempt_at);
    w.end_object();
  }
  w.end_array().end_object();
  return {200, std::move(w).str()};
}

} // namespace

void add_webhook_routes(router& r, webhook_settings settings) {
  using boost::beast::http::verb;
  r.add(verb::post, "/api/v1/webhooks", access::manager,
        [settings](api_request& req) { return create(req, settings); });
  r.add(verb::get, "/api/v1/webhooks", access::manager, list);
  r.add(verb::delete_, "/api/v1/webhooks/{id}", access::manager, remove);
  r.add(verb::get, "/api/v1/webhooks/{id}/deliveries", access::manager, deliveries);
}

} // namespace upsync::http
