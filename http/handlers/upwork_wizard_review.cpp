// Wizard step 3 (F6): review every decision grouped by selected organization, and confirm:
// create the chosen members and projects, lock the mappings, start the import.
#include "domain/organization_kind.hpp"
#include "domain/same_name.hpp"
#include "domain/sync_windows.hpp"
#include "http/api_error.hpp"
#include "http/handlers/routes.hpp"
#include "http/request_bodies.hpp"
#include "http/sync_control.hpp"
#include "common/json_writer.hpp"
#include "storage/project_store.hpp"
#include "storage/sync_targets.hpp"
#include "storage/upwork_organizations_store.hpp"
#include "storage/upwork_review_store.hpp"
#include "storage/workspace_store.hpp"

#include <algorithm>
#include <map>

namespace upsync::http {

namespace {

namespace store = storage::upwork_store;
namespace review_store = storage::upwork_review_store;

/// A contract to sync whose rates leave its intervals without a price (issue 16): shown in
/// the review, never blocking the confirm (the manager may correct rates later with
/// effective_from).
struct rate_warning {
  const char* code;
  std::string message;
};

/// F10: the side the manager enters (domain::manager_side) is the pay rate for agencies
/// and freelancers (cost), the bill rate for clients only when the project is billable (a
/// non-billable project has no bill rate at all); the Upwork side may be missing when
/// Upwork gave no rate and no override is set.
std::vector<rate_warning> rate_warnings(const review_store::contract_to_sync& c) {
  std::vector<rate_warning> out;
  auto kind = domain::parse_organization_kind(c.organization_type);
  bool manager_pays = domain::manager_side(kind) == domain::rate_side::pay;
  const auto& upwork_rate = domain::upwork_side(kind) == domain::rate_side::pay ? c.pay_rate : c.bill_rate;
  if (manager_pays && !c.pay_rate)
    out.push_back({"missing_pay_rate", "no pay rate: synced intervals of this contract get no cost until one is "
                                       "entered (a later correction can date it back with effective_from)"});
  if (!manager_pays && !c.bill_rate && c.billable.value_or(false))
    out.push_back({"missing_bill_rate", "the project is billable but the contract has no bill rate"});
  if (!upwork_rate)
    out.push_back({"missing_upwork_rate", "Upwork gave no hourly rate for this contract; set upwork_rate_override"});
  return out;
}

std::vector<store::organization_record> selected_organizations(api_request& req) {
  auto all = store::list_organizations(req.db(), req.who().workspace_id);
  std::vector<store::organization_record> out;
  for (auto& o : all)
    if (o.selected)
      out.push_back(std::move(o));
  return out;
}

api_response review(api_request& req) {
  auto ws = req.who().workspace_id;
  auto link = review_store::members_to_link(req.db(), ws);
  auto create = review_store::members_to_create(req.db(), ws);
  auto contracts = review_store::contracts_to_sync(req.db(), ws);

  json::writer w;
  w.begin_object().key("organizations").begin_array();
  for (const auto& o : selected_organizations(req)) {
    w.begin_object()
      .field("id", o.id)
      .field("section_label", domain::section_label(domain::parse_organization_kind(o.type), o.name));
    w.key("members_to_link").begin_array();
    for (const auto& m : link)
      if (m.organization_id == o.id)
        w.begin_object()
          .field("upwork_user_id", m.upwork_user_id)
          .field("member_id", std::to_string(m.member_id))
          .end_object();
    w.end_array().key("members_to_create").begin_array();
    for (const auto& m : create)
      if (m.organization_id == o.id)
        w.begin_object()
          .field("upwork_user_id", m.upwork_user_id)
          .field("name", m.name)
          .field("email", m.email)
          .end_object();
    w.end_array().key("contracts").begin_array();
    for (const auto& c : contracts) {
      if (c.organization_id != o.id)
        continue;
      w.begin_object().field("id", c.id).field("title", c.title);
      w.key("project_id")
        .value_or_null(c.project_id ? std::optional<std::string>{std::to_string(*c.project_id)} : std::nullopt);
      w.key("project_name").value_or_null(c.project_name);
      w.key("pay_rate").value_or_null(c.pay_rate);
      w.key("bill_rate").value_or_null(c.bill_rate);
      w.field("currency", c.currency).field("confirmed", c.confirmed).end_object();
    }
    w.end_array().key("warnings").begin_array();
    for (const auto& c : contracts)
      if (c.organization_id == o.id)
        for (const auto& warning : rate_warnings(c))
          w.begin_object()
            .field("contract_id", c.id)
            .field("code", warning.code)
            .field("message", warning.message)
            .end_object();
    w.end_array().end_object();
  }
  w.end_array().end_object();
  return {200, std::move(w).str()};
}

/// Creates the members chosen "create new" and maps them. Users asking for the same email
/// (one person in two organizations) get one member.
void create_members(api_request& req) {
  auto ws = req.who().workspace_id;
  std::map<std::string, storage::db_id> by_email;
  for (const auto& m : review_store::members_to_create(req.db(), ws)) {
    auto it = by_email.find(domain::case_folded(m.email));
    if (it == by_email.end()) {
      try {
        auto created = storage::workspace_store::create_member(req.db(), ws, m.name, m.email, storage::role::member);
        it = by_email.emplace(domain::case_folded(m.email), created.id).first;
      } catch (const storage::duplicate_error&) {
        // The request's transaction rolls back: nothing of this confirm is applied.
        throw conflict("a member with the email " + m.email + " already exists; map the Upwork user " + m.upwork_user_id
                         + " to that member or choose another email",
                       "create_member.email");
      }
    }
    review_store::member_created(req.db(), ws, m.organization_id, m.upwork_user_id, it->second);
  }
}

/// Creates the projects chosen inline and maps their contracts; one project per name.
void create_projects(api_request& req) {
  auto ws = req.who().workspace_id;
  std::map<std::string, storage::db_id> by_name;
  for (const auto& p : review_store::projects_to_create(req.db(), ws)) {
    auto it = by_name.find(domain::case_folded(p.name));
    if (it == by_name.end()) {
      try {
        auto created = storage::project_store::create(req.db(), ws, p.name, p.client_name, p.billable);
        it = by_name.emplace(domain::case_folded(p.name), created.id).first;
      } catch (const storage::duplicate_error&) {
        throw conflict("a project named " + p.name + " already exists; choose it for contract " + p.contract_id
                         + " instead",
                       "create_project.name");
      }
    }
    review_store::project_created(req.db(), ws, p.contract_id, it->second);
  }
}

api_response confirm(api_request& req, int import_days, const std::shared_ptr<sync_control>& control) {
  read_empty_body(req.body);
  auto ws = req.who().workspace_id;
  auto orgs = selected_organizations(req);

  create_members(req);
  create_projects(req);
  review_store::lock_mappings(req.db(), ws);
  // F6: what the manager reviewed starts now, and only now; a contract confirmed once
  // stays confirmed, so a second confirm starts nothing.
  auto confirmed = review_store::confirm_contracts(req.db(), ws);

  // The contracts that sync now (the one definition in upwork_store) get a pending cursor,
  // so the dashboard shows their import from the start; an existing cursor is kept.
  // One query for the workspace (every selected organization), not one per organization.
  std::vector<std::string> targets;
  for (auto& t : store::list_sync_targets(req.db(), ws))
    targets.push_back(std::move(t.contract_id));
  auto window = domain::import_window(domain::day_of(req.now()), import_days);
  review_store::start_import_cursors(req.db(), ws, targets, static_cast<int>(window.size()));
  auto started =
    std::count_if(targets.begin(), targets.end(), [&](const std::string& id) { return confirmed.count(id) > 0; });

  for (const auto& o : orgs)
    notify_organization_changed(req, control, ws, o.id);
  json::writer w;
  w.begin_object().field("contracts_started", static_cast<std::int64_t>(started)).end_object();
  return {202, std::move(w).str()};
}

} // namespace

void add_upwork_wizard_review_routes(router& r, int import_days, std::shared_ptr<sync_control> control) {
  using boost::beast::http::verb;
  r.add(verb::get, "/api/v1/upwork/wizard/review", access::manager, review);
  r.add(verb::post, "/api/v1/upwork/wizard/confirm", access::manager,
        [import_days, control](api_request& req) { return confirm(req, import_days, control); });
}

} // namespace upsync::http
