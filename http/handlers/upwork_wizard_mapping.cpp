// Wizard step 2 (F5, F9): per-organization sections of Upwork users with their contracts,
// mapping edits under the product's rules, unlock, and refresh from Upwork.
#include "domain/calendar.hpp"
#include "domain/organization_kind.hpp"
#include "domain/rate_schedule.hpp"
#include "domain/use_cases/contract_mapping_edit.hpp"
#include "domain/use_cases/refresh_request.hpp"
#include "domain/use_cases/user_mapping_edit.hpp"
#include "http/api_error.hpp"
#include "http/handlers/routes.hpp"
#include "http/refusal_error.hpp"
#include "http/request_bodies.hpp"
#include "http/sync_control.hpp"
#include "http/upwork_gateway.hpp"
#include "common/json_writer.hpp"
#include "common/money.hpp"
#include "common/time_format.hpp"
#include "storage/contract_mapping_edit_store.hpp"
#include "storage/refresh_request_store.hpp"
#include "storage/upwork_mapping_store.hpp"
#include "storage/upwork_organizations_store.hpp"
#include "storage/upwork_rate_history.hpp"
#include "storage/user_mapping_edit_store.hpp"

#include <algorithm>
#include <map>
#include <spdlog/spdlog.h>
#include <variant>

namespace upsync::http {

namespace {

namespace store = storage::upwork_store;

constexpr std::size_t max_upwork_id_length = 64;

std::int64_t today(const api_request& req) { return domain::day_of(req.now()); }

/// The manager-entered step of one side (pay, bill, upwork_override) on `day`
/// (domain::step_on: the first one when all lie ahead, a correction or override dated in
/// the future).
using manager_rates = std::map<std::pair<std::string, std::string>, store::rate_row>;

manager_rates rates_in_force(const std::vector<store::rate_row>& rows, std::int64_t day) {
  std::map<std::pair<std::string, std::string>, std::vector<const store::rate_row*>> steps;
  for (const auto& r : rows) // ordered by side, then effective_from
    if (r.side != "upwork")
      steps[{r.contract_id, r.side}].push_back(&r);
  manager_rates out;
  for (const auto& [key, side] : steps)
    out[key] = **domain::step_on(side.begin(), side.end(), day, [](const store::rate_row* r) {
      return std::optional<domain::day_number>{r->effective_from};
    });
  return out;
}

std::optional<std::string> manager_rate(const manager_rates& rates, const std::string& contract_id,
                                        const std::string& side) {
  auto it = rates.find({contract_id, side});
  return it == rates.end() ? std::nullopt : it->second.rate;
}

std::optional<std::string> shown_rate(const store::contract_record& c, const std::string& side,
                                      const std::string& organization_type, const manager_rates& rates) {
  if (side == domain::upwork_side_name(organization_type)) { // F10: the side Upwork gives
    // Prefilled from Upwork, and what the engine applies unless the manager overrode it.
    auto overridden = manager_rate(rates, c.id, "upwork_override");
    return overridden ? overridden : c.upwork_rate;
  }
  return manager_rate(rates, c.id, side);
}

void id_or_null(json::writer& w, std::string_view key, const std::optional<storage::db_id>& id) {
  w.key(key);
  if (id)
    w.value(std::to_string(*id));
  else
    w.null();
}

/// `intervals_updated`: given in a PATCH's answer, how many intervals it re-priced.
void write_contract(json::writer& w, const store::contract_record& c, const std::string& organization_type,
                    const manager_rates& rates, std::optional<std::int64_t> intervals_updated = std::nullopt) {
  w.begin_object().field("id", c.id).field("title", c.title).field("status", c.status).field("kind", c.kind);
  w.key("upwork_rate").value_or_null(c.upwork_rate); // always Upwork's own
  // The manager's override of the Upwork side and its first day (issue 16); null when none.
  auto overridden = rates.find({c.id, "upwork_override"});
  bool has_override = overridden != rates.end() && overridden->second.rate;
  w.key("upwork_rate_override").value_or_null(has_override ? overridden->second.rate : std::nullopt);
  w.key("upwork_rate_override_from")
    .value_or_null(has_override
                     ? std::optional<std::string>{time_format::format_date(overridden->second.effective_from)}
                     : std::nullopt);
  w.field("currency", c.currency);
  id_or_null(w, "project_id", c.mapping.project_id);
  w.key("pay_rate").value_or_null(shown_rate(c, "pay", organization_type, rates));
  w.key("bill_rate").value_or_null(shown_rate(c, "bill", organization_type, rates));
  w.field("sync", c.mapping.sync).field("locked", c.mapping.locked);
  w.field("confirmed", c.confirmed_at.has_value()); // F6: syncs once confirmed
  if (intervals_updated)
    w.field("intervals_updated", *intervals_updated);
  w.end_object();
}

void write_user(json::writer& w, const store::upwork_user_record& u,
                const std::vector<store::contract_record>& contracts, const std::string& organization_type,
                const manager_rates& rates) {
  w.begin_object().field("upwork_user_id", u.upwork_user_id).field("name", u.name);
  w.key("email").value_or_null(u.email);
  id_or_null(w, "member_id", u.mapping.member_id);
  id_or_null(w, "suggested_member_id", u.mapping.suggested_member_id);
  w.field("match", u.mapping.match).field("sync", u.mapping.sync).field("locked", u.mapping.locked);
  w.key("contracts").begin_array();
  for (const auto& c : contracts)
    if (c.upwork_user_id == u.upwork_user_id)
      write_contract(w, c, organization_type, rates);
  w.end_array().end_object();
}

void write_organization(json::writer& w, pqxx::transaction_base& tx, storage::db_id ws,
                        const store::organization_record& o, std::int64_t today) {
  auto contracts = store::list_contracts_of_organization(tx, ws, o.id);
  auto rates = rates_in_force(store::load_organization_rates(tx, ws, o.id), today);
  w.begin_object()
    .field("id", o.id)
    .field("name", o.name)
    .field("type", o.type)
    .field("section_label", domain::section_label(domain::parse_organization_kind(o.type), o.name));
  w.key("last_refreshed_at");
  if (o.last_refreshed_at)
    w.value(time_format::format_rfc3339(*o.last_refreshed_at));
  else
    w.null();
  w.field("refresh_status", o.refresh_status);
  w.key("users").begin_array();
  for (const auto& u : store::list_users(tx, ws, o.id))
    write_user(w, u, contracts, o.type, rates);
  w.end_array().end_object();
}

api_response mapping(api_request& req) {
  auto ws = req.who().workspace_id;
  json::writer w;
  w.begin_object().key("organizations").begin_array();
  for (const auto& o : store::list_organizations(req.db(), ws))
    if (o.selected)
      write_organization(w, req.db(), ws, o, today(req));
  w.end_array().end_object();
  return {200, std::move(w).str()};
}

// ---- lookups: unknown and another workspace's ids answer the same 404 ------------------

store::organization_record organization_of(api_request& req, const std::string& id) {
  auto found =
    id.size() <= max_upwork_id_length ? store::find_organization(req.db(), req.who().workspace_id, id) : std::nullopt;
  if (!found)
    throw not_found("organization");
  return *found;
}

std::optional<store::upwork_user_record> find_user(api_request& req, const std::string& org, const std::string& id) {
  for (auto& u : store::list_users(req.db(), req.who().workspace_id, org))
    if (u.upwork_user_id == id)
      return std::move(u);
  return std::nullopt;
}

store::upwork_user_record user_of(api_request& req, const store::organization_record& org) {
  const auto& id = req.params.at(1);
  auto found = id.size() <= max_upwork_id_length ? find_user(req, org.id, id) : std::nullopt;
  if (!found)
    throw not_found("Upwork user");
  return *found;
}

std::string user_entry(api_request& req, const store::organization_record& org, const std::string& upwork_user_id) {
  auto ws = req.who().workspace_id;
  auto u = find_user(req, org.id, upwork_user_id);
  json::writer w;
  write_user(w, *u, store::list_contracts_of_organization(req.db(), ws, org.id), org.type,
             rates_in_force(store::load_organization_rates(req.db(), ws, org.id), today(req)));
  return std::move(w).str();
}

// ---- user mapping ---------------------------------------------------------------------

domain::user_mapping_edit edit_of(user_mapping_body body) {
  domain::user_mapping_edit edit;
  edit.member_id = body.member_id;
  if (body.create_member)
    edit.create_member = *body.create_member
                           ? std::optional<domain::user_mapping_edit::new_member>{{(*body.create_member)->name,
                                                                                   (*body.create_member)->email}}
                           : std::nullopt;
  edit.sync = body.sync;
  return edit;
}

api_response patch_user(api_request& req, const std::shared_ptr<sync_control>& control) {
  auto ws = req.who().workspace_id;
  auto org = organization_of(req, req.params.at(0));
  auto user = user_of(req, org);
  auto edit = edit_of(read_user_mapping_body(req.body));
  storage::user_mapping_edit_store storage{req.db(), ws, org.id};
  throw_if_refused(domain::edit_user_mapping(storage, {user.upwork_user_id, user.mapping}, edit));
  notify_organization_changed(req, control, ws, org.id);
  return {200, user_entry(req, org, user.upwork_user_id)};
}

api_response unlock_user(api_request& req, const std::shared_ptr<sync_control>& control) {
  auto ws = req.who().workspace_id;
  auto org = organization_of(req, req.params.at(0));
  auto user = user_of(req, org);
  read_empty_body(req.body);
  storage::user_mapping_edit_store storage{req.db(), ws, org.id};
  domain::unlock_user_mapping(storage, {user.upwork_user_id, user.mapping});
  notify_organization_changed(req, control, ws, org.id);
  return {200, user_entry(req, org, user.upwork_user_id)};
}

// ---- contract mapping -----------------------------------------------------------------

domain::contract_mapping_edit edit_of(const contract_mapping_body& body) {
  domain::contract_mapping_edit edit;
  edit.project_id = body.project_id;
  if (body.create_project)
    edit.create_project = domain::project_to_create{
      {}, body.create_project->name, body.create_project->client_name, body.create_project->billable};
  for (const auto& [side, rate] : body.rates)
    edit.rates[side == "pay" ? domain::rate_side::pay : domain::rate_side::bill] = rate;
  edit.sync = body.sync;
  edit.upwork_rate_override = body.upwork_rate_override;
  edit.effective_from = body.effective_from;
  return edit;
}

api_response patch_contract(api_request& req, int import_days, const std::shared_ptr<sync_control>& control) {
  auto ws = req.who().workspace_id;
  const auto& id = req.params.at(0);
  auto c = id.size() <= max_upwork_id_length ? store::find_contract(req.db(), ws, id) : std::nullopt;
  if (!c)
    throw not_found("contract");
  auto edit = edit_of(read_contract_mapping_body(req.body));

  auto org = *store::find_organization(req.db(), ws, c->organization_id);
  auto user = *find_user(req, org.id, c->upwork_user_id);
  auto kind = domain::parse_organization_kind(org.type);
  storage::contract_mapping_edit_store storage{req.db(), ws, kind, c->currency};
  domain::contract_edit_day day{today(req), import_days};
  auto outcome = domain::edit_contract_mapping(storage, {c->id, kind, c->upwork_rate, c->mapping, user.mapping.sync},
                                               std::move(edit), day);
  if (auto* refused = std::get_if<domain::refusal>(&outcome))
    throw refusal_error(*refused);
  // After commit: the engine reloads the contract's plan, rates included, for later cells.
  notify_organization_changed(req, control, ws, org.id);

  auto fresh = *store::find_contract(req.db(), ws, c->id);
  json::writer w;
  write_contract(w, fresh, org.type, rates_in_force(store::load_rates(req.db(), ws, c->id), day.today),
                 static_cast<std::int64_t>(std::get<domain::contract_edited>(outcome).intervals_updated));
  return {200, std::move(w).str()};
}

// ---- refresh --------------------------------------------------------------------------

// Answered at once: the organization's actor in the sync engine reads Upwork and writes
// what it found in its own transaction (refresh_status idle with last_refreshed_at, or
// failed); the wizard polls the mapping view.
api_response refresh(api_request& req, const std::shared_ptr<sync_control>& control) {
  auto ws = req.who().workspace_id;
  auto org = organization_of(req, req.params.at(0));
  read_empty_body(req.body);
  storage::refresh_request_store storage{req.db(), ws};
  throw_if_refused(domain::request_refresh(storage, {org.id, org.connection_id, org.selected}));
  request_refresh(req, control, ws, org.id);
  spdlog::info("upwork_refresh_requested request_id={} workspace={} organization={}", req.request_id, ws, org.id);
  json::writer w;
  w.begin_object().field("refresh_status", "running").end_object();
  return {202, std::move(w).str()};
}

// ---- sync now (issue 20) ----------------------------------------------------------------

// Answered at once: the engine runs the organization's cycle now (a cycle that runs is
// joined), within the request budget like any other; the dashboard shows what it brought.
api_response sync_now(api_request& req, const std::shared_ptr<sync_control>& control) {
  auto ws = req.who().workspace_id;
  auto org = organization_of(req, req.params.at(0));
  read_empty_body(req.body);
  if (!control)
    throw api_error{503, "unavailable", "the sync engine does not run in this process"};
  storage::refresh_request_store storage{req.db(), ws};
  throw_if_refused(domain::request_sync(storage, {org.id, org.connection_id, org.selected}));
  request_sync(req, control, ws, org.id);
  spdlog::info("upwork_sync_requested request_id={} workspace={} organization={}", req.request_id, ws, org.id);
  json::writer w;
  w.begin_object().field("sync", "requested").end_object();
  return {202, std::move(w).str()};
}

} // namespace

void add_upwork_wizard_mapping_routes(router& r, std::shared_ptr<const upwork_gateway> gateway,
                                      std::shared_ptr<sync_control> control) {
  using boost::beast::http::verb;
  int import_days = gateway->settings().import_days;
  r.add(verb::get, "/api/v1/upwork/wizard/mapping", access::manager, mapping);
  r.add(verb::patch, "/api/v1/upwork/organizations/{org_id}/users/{upwork_user_id}", access::manager,
        [control](api_request& req) { return patch_user(req, control); });
  r.add(verb::post, "/api/v1/upwork/organizations/{org_id}/users/{upwork_user_id}/unlock", access::manager,
        [control](api_request& req) { return unlock_user(req, control); });
  r.add(verb::patch, "/api/v1/upwork/contracts/{contract_id}", access::manager,
        [import_days, control](api_request& req) { return patch_contract(req, import_days, control); });
  r.add(verb::post, "/api/v1/upwork/organizations/{org_id}/refresh", access::manager,
        [control](api_request& req) { return refresh(req, control); });
  r.add(verb::post, "/api/v1/upwork/organizations/{org_id}/sync", access::manager,
        [control](api_request& req) { return sync_now(req, control); });
}

} // namespace upsync::http
