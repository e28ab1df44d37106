// The status dashboard (F7) and per-contract diagnosis (F13), read from PostgreSQL where
// the engine commits cursors and intervals together.
#include "domain/calendar.hpp"
#include "http/api_error.hpp"
#include "http/handlers/routes.hpp"
#include "http/views.hpp"
#include "common/json_writer.hpp"
#include "common/time_format.hpp"
#include "storage/connection_request_days.hpp"
#include "storage/contract_diagnosis.hpp"
#include "storage/sync_health.hpp"
#include "storage/upwork_organizations_store.hpp"
#include "storage/upwork_reconciliation_store.hpp"
#include "storage/upwork_status_store.hpp"

#include <map>
#include <string_view>
#include <unordered_map>

namespace upsync::http {

namespace {

namespace store = storage::upwork_store;
namespace status_store = storage::upwork_status_store;
namespace why = storage::contract_diagnosis;

constexpr std::size_t max_contract_id_length = 64;
constexpr int recent_entries_per_contract = 10;

using views::time_or_null;

// Rows of one key in a vector ordered by that key: [first, last).
struct row_range {
  std::size_t first = 0, last = 0;
};

template <class Row, class Key>
std::unordered_map<std::string_view, row_range> ranges_by(const std::vector<Row>& rows, Key key) {
  std::unordered_map<std::string_view, row_range> out;
  out.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    auto& r = out[key(rows[i])];
    if (r.last == 0)
      r.first = i;
    r.last = i + 1;
  }
  return out;
}

// {code, message, at} or null: a contract's last sync error (issue 16).
void last_error_or_null(json::writer& w, const std::optional<storage::sync_health::last_error>& e) {
  w.key("last_error");
  if (!e) {
    w.null();
    return;
  }
  w.begin_object()
    .field("code", e->code)
    .field("message", e->message)
    .field("at", time_format::format_rfc3339(e->at))
    .end_object();
}

row_range range_of(const std::unordered_map<std::string_view, row_range>& ranges, std::string_view key) {
  auto it = ranges.find(key);
  return it == ranges.end() ? row_range{} : it->second;
}

void write_recent_entries(json::writer& w, const std::vector<status_store::recent_entry>& recent, row_range rows) {
  w.key("recent_entries").begin_array();
  for (auto i = rows.first; i < rows.last; ++i) {
    const auto& e = recent[i];
    w.begin_object()
      .field("started_at", time_format::format_rfc3339(e.started_at))
      .field("ended_at", time_format::format_rfc3339(e.ended_at));
    w.key("member").begin_object().field("id", std::to_string(e.member_id)).field("name", e.member_name).end_object();
    w.field("hours", e.hours).end_object();
  }
  w.end_array();
}

void write_reasons(json::writer& w, const why::diagnosis& d) {
  w.key("reasons").begin_array();
  for (const auto& r : d.reasons)
    w.value(r);
  w.end_array();
}

void write_contract(json::writer& w, const status_store::contract_status& c, const why::diagnosis& d,
                    const std::vector<status_store::recent_entry>& recent, row_range recent_rows) {
  w.begin_object().field("id", c.id).field("title", c.title);
  w.key("client_name").value_or_null(c.client_name);
  w.field("upwork_user_name", c.upwork_user_name);
  w.field("upwork_status", c.upwork_status);
  w.field("syncing", d.syncing()).field("closing", d.closing_until.has_value());
  time_or_null(w, "closing_until", d.closing_until);
  write_reasons(w, d);
  w.key("project");
  if (c.project_id)
    w.begin_object().field("id", std::to_string(*c.project_id)).field("name", c.project_name.value_or("")).end_object();
  else
    w.null();
  w.field("hours_today", c.hours_today);
  w.key("import")
    .begin_object()
    .field("state", c.import_state)
    .field("days_done", c.days_done)
    .field("days_total", c.days_total)
    .end_object();
  last_error_or_null(w, c.last_error);
  time_or_null(w, "last_success_at", c.last_success_at);
  w.field("failures_in_a_row", c.failures_in_a_row);
  write_recent_entries(w, recent, recent_rows);
  w.end_object();
}

// Reconciliation (issue 16): per selected organization, its contract-days of the last 14
// UTC days that are not a match.
std::map<std::string, std::int64_t> recent_mismatches(pqxx::transaction_base& tx, storage::db_id ws,
                                                      const std::vector<store::organization_record>& organizations,
                                                      std::int64_t now) {
  std::vector<std::string> selected;
  for (const auto& o : organizations)
    if (o.selected)
      selected.push_back(o.id);
  namespace recon = storage::upwork_reconciliation_store;
  auto today = domain::day_of(now);
  return recon::mismatches_by_organization(tx, ws, selected, today - recon::default_days + 1, today);
}

// Four queries for the whole workspace, grouped here, so the page costs O(rows) whatever
// the number of organizations: asking what syncs once per organization joined every
// contract of the workspace each time (1,000 organizations took seconds). Every contract
// of a selected organization is listed, syncing or not, with its diagnosis.
api_response status(api_request& req) {
  auto ws = req.who().workspace_id;
  auto now = req.now();
  why::facts_filter shown;
  shown.selected_organizations_only = true;
  auto facts = why::load_facts(req.db(), ws, shown); // by organization, contract
  struct counts {
    std::int64_t active = 0;  ///< active on Upwork
    std::int64_t syncing = 0; ///< syncing (closing ones included)
  };
  std::unordered_map<std::string, counts> per_organization;
  std::unordered_map<std::string, why::diagnosis> diagnosed;
  std::vector<std::string> all;
  all.reserve(facts.size());
  for (const auto& f : facts) {
    auto d = why::diagnose(f, now);
    auto& n = per_organization[f.organization_id];
    n.active += f.status == "active";
    n.syncing += d.syncing();
    diagnosed.emplace(f.contract_id, std::move(d));
    all.push_back(f.contract_id);
  }
  auto contracts = status_store::contracts(req.db(), ws, all); // by organization, contract
  auto recent = status_store::recent_entries(req.db(), ws, all, recent_entries_per_contract); // by contract
  auto contracts_of = ranges_by(contracts, [](const auto& c) { return std::string_view{c.organization_id}; });
  auto recent_of = ranges_by(recent, [](const auto& e) { return std::string_view{e.contract_id}; });

  auto organizations = store::list_organizations(req.db(), ws);
  auto mismatches = recent_mismatches(req.db(), ws, organizations, now); // one grouped query
  // Upwork's requests of today by connection, every node's, as the STORE last added them.
  auto requests_today = storage::connection_request_days::of_workspace(req.db(), ws, domain::day_of(now));

  json::writer w;
  w.begin_object().key("organizations").begin_array();
  for (const auto& o : organizations) {
    if (!o.selected)
      continue;
    w.begin_object().field("id", o.id).field("name", o.name).field("type", o.type);
    time_or_null(w, "last_refreshed_at", o.last_refreshed_at);
    time_or_null(w, "last_synced_at", o.last_synced_at);
    auto n = per_organization.find(o.id);
    auto counted = n == per_organization.end() ? counts{} : n->second;
    w.field("active_contracts", counted.active).field("syncing_contracts", counted.syncing);
    auto m = mismatches.find(o.id);
    w.field("reconciliation_mismatches", m == mismatches.end() ? std::int64_t{0} : m->second);
    auto r = requests_today.find(o.connection_id);
    w.field("connection_id", std::to_string(o.connection_id))
      .field("connection_requests_today", r == requests_today.end() ? std::int64_t{0} : r->second);
    w.key("contracts").begin_array();
    auto rows = range_of(contracts_of, o.id);
    for (auto i = rows.first; i < rows.last; ++i)
      write_contract(w, contracts[i], diagnosed.at(contracts[i].id), recent, range_of(recent_of, contracts[i].id));
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
  why::facts_filter one;
  one.contract_id = id;
  auto facts = why::load_facts(req.db(), req.who().workspace_id, one);
  if (facts.empty())
    throw not_found("contract");
  auto d = why::diagnose(facts[0], req.now());
  json::writer w;
  w.begin_object().field("syncing", d.syncing());
  write_reasons(w, d);
  time_or_null(w, "closing_until", d.closing_until);
  last_error_or_null(w, storage::sync_health::read(req.db(), req.who().workspace_id, id).error);
  w.end_object();
  return {200, std::move(w).str()};
}

} // namespace

void add_upwork_status_routes(router& r) {
  using boost::beast::http::verb;
  r.add(verb::get, "/api/v1/upwork/status", access::manager, status);
  r.add(verb::get, "/api/v1/upwork/contracts/{contract_id}/diagnosis", access::manager, diagnosis);
}

} // namespace upsync::http
