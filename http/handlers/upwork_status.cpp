// The status dashboard (F7) and per-contract diagnosis (F13), read from PostgreSQL where
// the engine commits cursors and intervals together.
#include "http/api_error.hpp"
#include "http/handlers/routes.hpp"
#include "protocol/json_writer.hpp"
#include "protocol/time_format.hpp"
#include "storage/upwork_status_store.hpp"
#include "storage/upwork_store.hpp"

#include <map>

namespace upsync::http {

namespace {

namespace store = storage::upwork_store;
namespace status_store = storage::upwork_status_store;

constexpr std::size_t max_contract_id_length = 64;
constexpr int recent_entries_per_contract = 10;

void time_or_null(json::writer& w, std::string_view key, const std::optional<std::int64_t>& t) {
  w.key(key);
  if (t)
    w.value(time_format::format_rfc3339(*t));
  else
    w.null();
}

void write_recent_entries(json::writer& w, const std::vector<status_store::recent_entry>& recent,
                          const std::string& contract_id) {
  w.key("recent_entries").begin_array();
  for (const auto& e : recent) {
    if (e.contract_id != contract_id)
      continue;
    w.begin_object()
      .field("started_at", time_format::format_rfc3339(e.started_at))
      .field("ended_at", time_format::format_rfc3339(e.ended_at));
    w.key("member").begin_object()
      .field("id", std::to_string(e.member_id))
      .field("name", e.member_name)
      .end_object();
    w.field("hours", e.hours).end_object();
  }
  w.end_array();
}

void write_contract(json::writer& w, const status_store::contract_status& c,
                    const std::vector<status_store::recent_entry>& recent) {
  w.begin_object().field("id", c.id).field("title", c.title);
  w.key("client_name").value_or_null(c.client_name);
  w.field("upwork_user_name", c.upwork_user_name);
  w.key("project").begin_object()
    .field("id", std::to_string(c.project_id))
    .field("name", c.project_name)
    .end_object();
  w.field("hours_today", c.hours_today);
  w.key("import").begin_object()
    .field("state", c.import_state)
    .field("days_done", c.days_done)
    .field("days_total", c.days_total)
    .end_object();
  write_recent_entries(w, recent, c.id);
  w.end_object();
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
  auto contracts = status_store::contracts(req.db(), ws, all);
  auto recent = status_store::recent_entries(req.db(), ws, all, recent_entries_per_contract);

  json::writer w;
  w.begin_object().key("organizations").begin_array();
  for (const auto& o : orgs) {
    w.begin_object().field("id", o.id).field("name", o.name).field("type", o.type);
    time_or_null(w, "last_refreshed_at", o.last_refreshed_at);
    time_or_null(w, "last_synced_at", o.last_synced_at);
    w.field("active_contracts", static_cast<std::int64_t>(syncing[o.id].size()));
    w.key("contracts").begin_array();
    for (const auto& c : contracts)
      if (c.organization_id == o.id)
        write_contract(w, c, recent);
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
