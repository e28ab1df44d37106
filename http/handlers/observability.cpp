// What operators look at: GET /metrics (Prometheus text) and GET /api/v1/admin/actors (the
// sync engine's actors by kind, the busiest and the most lagging, for a super admin).
#include "http/api_error.hpp"
#include "http/handlers/routes.hpp"
#include "http/json_body.hpp"
#include "metrics/exposition.hpp"
#include "common/json_writer.hpp"
#include "common/time_format.hpp"
#include "domain/calendar.hpp"
#include "storage/connection_request_days.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <tuple>
#include <cmath>
#include <openssl/crypto.h>

namespace upsync::http {

namespace {

// Compares in constant time so that the answer's timing reveals nothing of the token.
bool same_token(const std::string& given, const std::string& expected) {
  return given.size() == expected.size() && CRYPTO_memcmp(given.data(), expected.data(), given.size()) == 0;
}

void write_kinds(json::writer& w, const metrics::actor_overview& o) {
  w.key("kinds").begin_array();
  for (const auto& k : o.kinds)
    w.begin_object()
      .field("kind", k.kind)
      .field("alive", static_cast<std::int64_t>(k.alive))
      .field("messages_handled", static_cast<std::int64_t>(k.messages_handled))
      .field("mailbox_size", static_cast<std::int64_t>(k.mailbox))
      .field("mailbox_max", static_cast<std::int64_t>(k.mailbox_max))
      .field("failures", static_cast<std::int64_t>(k.failures))
      .field("restarts", static_cast<std::int64_t>(k.restarts))
      .end_object();
  w.end_array();
}

// How the engine spends Upwork's requests today (issue 19), and which of the workspace's
// connections spend them (every node's counts, from PostgreSQL), most first.
void write_requests(json::writer& w, const metrics::request_budget_view& v,
                    const std::map<storage::db_id, std::int64_t>& by_connection, std::size_t limit) {
  auto budgeted = [&](const char* name, std::int64_t n) { // null without a daily budget
    w.key(name);
    if (v.daily_limited)
      w.value(n);
    else
      w.null();
  };
  w.key("upwork_requests").begin_object();
  budgeted("daily_budget", v.daily_limit);
  w.field("today", v.used_today).field("projected_today", v.projected_today);
  budgeted("remaining_today", v.remaining_today);
  w.field("sent_today_by_this_node", v.sent_today)
    .field("refused_today", v.refused_today)
    .field("rate_per_second", v.rate_per_second)
    .field("configured_cycle_seconds", v.configured_cycle_seconds)
    .field("effective_cycle_seconds", v.effective_cycle_seconds)
    .field("organizations_sharing", v.organizations)
    .field("requests_per_cycle", v.requests_per_cycle);
  std::vector<std::pair<storage::db_id, std::int64_t>> busiest(by_connection.begin(), by_connection.end());
  std::sort(busiest.begin(), busiest.end(),
            [](const auto& a, const auto& b) { return std::tie(b.second, a.first) < std::tie(a.second, b.first); });
  if (busiest.size() > limit)
    busiest.resize(limit);
  w.key("connections").begin_array();
  for (const auto& [id, n] : busiest)
    w.begin_object().field("connection_id", std::to_string(id)).field("requests_today", n).end_object();
  w.end_array().end_object();
}

void write_id(json::writer& w, const char* name, const std::string& id) {
  w.key(name);
  if (id.empty())
    w.null();
  else
    w.value(id);
}

// Busiest first (metrics::busier).
void write_busiest(json::writer& w, std::vector<metrics::actor_summary> actors, std::size_t limit) {
  std::sort(actors.begin(), actors.end(), metrics::busier);
  if (actors.size() > limit)
    actors.resize(limit);
  w.key("busiest").begin_array();
  for (const auto& a : actors) {
    w.begin_object().field("kind", a.kind).field("actor_id", std::to_string(a.id));
    write_id(w, "organization_id", a.organization_id);
    write_id(w, "contract_id", a.contract_id);
    write_id(w, "state", a.state);
    w.field("messages_handled", static_cast<std::int64_t>(a.messages_handled))
      .field("messages_recent", static_cast<std::int64_t>(a.messages_recent))
      .field("mailbox_size", static_cast<std::int64_t>(a.mailbox))
      .field("mailbox_max", static_cast<std::int64_t>(a.mailbox_max))
      .end_object();
  }
  w.end_array();
}

void write_lagging(json::writer& w, std::vector<metrics::organization_lag> orgs, double now, std::size_t limit) {
  std::sort(orgs.begin(), orgs.end(), [now](const metrics::organization_lag& a, const metrics::organization_lag& b) {
    return a.lag_seconds(now) > b.lag_seconds(now);
  });
  if (orgs.size() > limit)
    orgs.resize(limit);
  w.key("lagging").begin_array();
  for (const auto& o : orgs) {
    w.begin_object().field("organization_id", o.organization_id).field("state", o.state);
    w.field("lag_seconds", std::round(std::max(0.0, o.lag_seconds(now)) * 1000) / 1000);
    w.key("last_success_at");
    if (o.last_success > 0)
      w.value(time_format::format_rfc3339(static_cast<std::int64_t>(o.last_success)));
    else
      w.null();
    w.end_object();
  }
  w.end_array();
}

} // namespace

void add_metrics_route(router& r, std::shared_ptr<const metrics::registry> registry, std::string token) {
  using boost::beast::http::verb;
  r.add(
    verb::get, "/metrics", access::anyone,
    [registry, token = std::move(token)](api_request& req) {
      if (!token.empty()) {
        auto given = req.headers.find("authorization");
        if (given == req.headers.end() || !same_token(given->second, token))
          throw unauthenticated();
      }
      api_response answer{200, metrics::render(registry->collect())};
      answer.content_type = metrics::exposition_content_type;
      return answer;
    },
    false);
}

void add_admin_routes(router& r, std::function<std::optional<metrics::actor_overview>()> overview) {
  using boost::beast::http::verb;
  r.add(verb::get, "/api/v1/admin/actors", access::super_admin, [overview = std::move(overview)](api_request& req) {
    std::size_t limit = 10;
    if (auto it = req.query.find("limit"); it != req.query.end()) {
      auto n = parse_id(it->second);
      if (!n || *n > metrics::actor_overview::busiest_kept)
        throw invalid_request("must be between 1 and 100", "limit");
      limit = static_cast<std::size_t>(*n);
    }
    auto o = overview ? overview() : std::nullopt;
    if (!o)
      throw api_error{503, "unavailable", "actor metrics are off (UPSYNC_METRICS=off)"};
    // Engine-wide actors (pools, supervisor) carry no workspace; the rest only the caller's.
    auto workspace = req.who().workspace_id;
    std::vector<metrics::actor_summary> actors;
    for (const auto& a : o->actors)
      if (a.workspace_id == 0 || a.workspace_id == workspace)
        actors.push_back(a);
    std::vector<metrics::organization_lag> orgs;
    for (const auto& org : o->organizations)
      if (org.workspace_id == workspace)
        orgs.push_back(org);
    double now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    json::writer w;
    w.begin_object();
    w.key("taken_at"); // null until the actors first reported
    if (o->taken_at > 0)
      w.value(time_format::format_rfc3339(static_cast<std::int64_t>(o->taken_at)));
    else
      w.null();
    write_kinds(w, *o);
    write_busiest(w, std::move(actors), limit);
    write_lagging(w, std::move(orgs), now, limit);
    if (o->requests)
      write_requests(w, *o->requests,
                     storage::connection_request_days::of_workspace(req.db(), workspace,
                                                                    domain::day_of(static_cast<std::int64_t>(now))),
                     limit);
    w.end_object();
    return api_response{200, std::move(w).str()};
  });
}

} // namespace upsync::http
