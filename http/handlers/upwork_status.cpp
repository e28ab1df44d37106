// The status dashboard (F7) and per-contract diagnosis (F13), read from PostgreSQL where
// the engine commits cursors and intervals together.
#include "http/api_error.hpp"
#include "http/handlers/routes.hpp"
#include "protocol/json_writer.hpp"
#include "protocol/time_format.hpp"
#include "storage/sql_array.hpp"
#include "storage/upwork_store.hpp"

#include <map>

#include <pqxx/pqxx>

namespace upsync::http {

namespace {

namespace store = storage::upwork_store;

constexpr std::size_t max_contract_id_length = 64;
constexpr int recent_entries_per_contract = 10;

std::optional<std::string> text_or_null(const pqxx::field& f) {
  if (f.is_null())
    return std::nullopt;
  return f.as<std::string>();
}

void time_or_null(json::writer& w, std::string_view key, const std::optional<std::int64_t>& t) {
  w.key(key);
  if (t)
    w.value(time_format::format_rfc3339(*t));
  else
    w.null();
}

// Hours "today" are counted from midnight in the workspace's time zone, not UTC's.
constexpr const char* contracts_query =
  "WITH today AS ("
  "  SELECT date_trunc('day', now() AT TIME ZONE w.timezone) AT TIME ZONE w.timezone AS since"
  "  FROM workspaces w WHERE w.id = $1"
  ")"
  " SELECT c.organization_id, c.id, c.title, p.client_name, u.name, p.id, p.name,"
  "        round(COALESCE(h.seconds, 0)::numeric / 3600, 2)::text,"
  "        COALESCE(k.import_state, 'pending'), COALESCE(k.days_done, 0), COALESCE(k.days_total, 0)"
  " FROM upwork_contracts c"
  " JOIN upwork_users u ON u.workspace_id = c.workspace_id"
  "  AND u.organization_id = c.organization_id AND u.upwork_user_id = c.upwork_user_id"
  " JOIN projects p ON p.workspace_id = c.workspace_id AND p.id = c.project_id"
  " LEFT JOIN upwork_sync_cursors k ON k.workspace_id = c.workspace_id AND k.contract_id = c.id"
  " CROSS JOIN today"
  " LEFT JOIN LATERAL (SELECT sum(t.seconds) AS seconds FROM time_intervals t"
  "   WHERE t.workspace_id = c.workspace_id AND t.upwork_contract_id = c.id"
  "     AND t.started_at >= today.since AND t.started_at < today.since + interval '1 day') h ON true"
  " WHERE c.workspace_id = $1 AND c.id = ANY($2::text[])"
  " ORDER BY c.organization_id, c.id";

constexpr const char* recent_entries_query =
  "SELECT k.id, e.started, e.ended, e.member_id, m.name, round(e.seconds::numeric / 3600, 2)::text"
  " FROM unnest($2::text[]) AS k(id)"
  " CROSS JOIN LATERAL (SELECT extract(epoch FROM t.started_at)::bigint AS started,"
  "          extract(epoch FROM t.ended_at)::bigint AS ended, t.member_id, t.seconds, t.id"
  "   FROM time_intervals t WHERE t.workspace_id = $1 AND t.upwork_contract_id = k.id"
  "   ORDER BY t.started_at DESC, t.id DESC LIMIT $3) e"
  " JOIN members m ON m.workspace_id = $1 AND m.id = e.member_id"
  " ORDER BY k.id, e.started DESC, e.id DESC";

void write_recent_entries(json::writer& w, const pqxx::result& recent, const std::string& contract_id) {
  w.key("recent_entries").begin_array();
  for (const auto& r : recent) {
    if (r[0].as<std::string>() != contract_id)
      continue;
    w.begin_object()
      .field("started_at", time_format::format_rfc3339(r[1].as<std::int64_t>()))
      .field("ended_at", time_format::format_rfc3339(r[2].as<std::int64_t>()));
    w.key("member").begin_object()
      .field("id", r[3].as<std::string>())
      .field("name", r[4].as<std::string>())
      .end_object();
    w.field("hours", r[5].as<std::string>()).end_object();
  }
  w.end_array();
}

api_response status(api_request& req) {
  auto ws = req.who().workspace_id;
  std::vector<store::organization_record> orgs;
  std::map<std::string, std::vector<std::string>> syncing; // by organization
  std::vector<std::string> all;
  for (auto& o : store::list_organizations(req.db(), ws)) {
    if (!o.selected)
      continue;
    // What syncs has one definition (upwork_store); one query per organization.
    for (const auto& t : store::list_sync_targets(req.db(), ws, o.id)) {
      syncing[o.id].push_back(t.contract_id);
      all.push_back(t.contract_id);
    }
    orgs.push_back(std::move(o));
  }
  pqxx::result contracts, recent;
  if (!all.empty()) {
    auto ids = storage::to_array_literal(all);
    contracts = req.db().exec_params(contracts_query, ws, ids);
    recent = req.db().exec_params(recent_entries_query, ws, ids, recent_entries_per_contract);
  }

  json::writer w;
  w.begin_object().key("organizations").begin_array();
  for (const auto& o : orgs) {
    w.begin_object().field("id", o.id).field("name", o.name).field("type", o.type);
    time_or_null(w, "last_refreshed_at", o.last_refreshed_at);
    time_or_null(w, "last_synced_at", o.last_synced_at);
    w.field("active_contracts", static_cast<std::int64_t>(syncing[o.id].size()));
    w.key("contracts").begin_array();
    for (const auto& r : contracts) {
      if (r[0].as<std::string>() != o.id)
        continue;
      auto id = r[1].as<std::string>();
      w.begin_object().field("id", id).field("title", r[2].as<std::string>());
      w.key("client_name").value_or_null(text_or_null(r[3]));
      w.field("upwork_user_name", r[4].as<std::string>());
      w.key("project").begin_object()
        .field("id", r[5].as<std::string>())
        .field("name", r[6].as<std::string>())
        .end_object();
      w.field("hours_today", r[7].as<std::string>());
      w.key("import").begin_object()
        .field("state", r[8].as<std::string>())
        .field("days_done", r[9].as<std::int64_t>())
        .field("days_total", r[10].as<std::int64_t>())
        .end_object();
      write_recent_entries(w, recent, id);
      w.end_object();
    }
    w.end_array().end_object();
  }
  w.end_array().end_object();
  return {200, std::move(w).str()};
}

api_response diagnosis(api_request& req) {
  const auto& id = req.params.at(0);
  if (id.empty() || id.size() > max_contract_id_length)
    throw invalid_request("not a contract id", "contract_id");
  // Every reason that applies (F13), member_not_mapped included: a user syncing without
  // a member is as much a reason as the contract's own switches.
  auto reasons = store::diagnose(req.db(), req.who().workspace_id, id);
  if (!reasons)
    throw not_found("contract");
  json::writer w;
  w.begin_object().field("syncing", reasons->empty()).key("reasons").begin_array();
  for (const auto& r : *reasons)
    w.value(r);
  w.end_array().end_object();
  return {200, std::move(w).str()};
}

} // namespace

void add_upwork_status_routes(router& r) {
  using boost::beast::http::verb;
  r.add(verb::get, "/api/v1/upwork/status", access::manager, status);
  r.add(verb::get, "/api/v1/upwork/contracts/{contract_id}/diagnosis", access::manager, diagnosis);
}

} // namespace upsync::http
