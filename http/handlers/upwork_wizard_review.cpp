// Wizard step 3 (F6): review every decision grouped by selected organization, and confirm:
// create the chosen members and projects, lock the mappings, start the import.
#include "domain/organization_kind.hpp"
#include "domain/rate_warnings.hpp"
#include "domain/use_cases/wizard_confirm.hpp"
#include "http/api_error.hpp"
#include "http/handlers/routes.hpp"
#include "http/refusal_error.hpp"
#include "http/request_bodies.hpp"
#include "http/sync_control.hpp"
#include "common/json_writer.hpp"
#include "storage/upwork_organizations_store.hpp"
#include "storage/upwork_review_store.hpp"
#include "storage/wizard_confirm_store.hpp"

namespace upsync::http {

namespace {

namespace store = storage::upwork_store;
namespace review_store = storage::upwork_review_store;

std::vector<domain::rate_warning> rate_warnings(const review_store::contract_to_sync& c) {
  return domain::rate_warnings(
    {domain::parse_organization_kind(c.organization_type), c.pay_rate, c.bill_rate, c.billable});
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

api_response confirm(api_request& req, int import_days, const std::shared_ptr<sync_control>& control) {
  read_empty_body(req.body);
  auto ws = req.who().workspace_id;
  auto orgs = selected_organizations(req);
  storage::wizard_confirm_store storage{req.db(), ws};
  auto outcome = domain::confirm_wizard(
    storage, [&req] { return req.now(); }, import_days);
  throw_if_refused(outcome.refused);
  for (const auto& o : orgs)
    notify_organization_changed(req, control, ws, o.id);
  json::writer w;
  w.begin_object().field("contracts_started", outcome.contracts_started).end_object();
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
