// Wizard step 1 (F4): the organizations the connections reach, with type, counts and
// avatar, and which of them sync. All are selected when first discovered.
#include "http/api_error.hpp"
#include "http/connection_discovery_view.hpp"
#include "http/handlers/routes.hpp"
#include "http/request_bodies.hpp"
#include "http/sync_control.hpp"
#include "common/json_writer.hpp"
#include "storage/upwork_connections_store.hpp"
#include "storage/upwork_organizations_store.hpp"

#include <set>

namespace upsync::http {

namespace {

namespace store = storage::upwork_store;

api_response accounts(api_request& req, int import_days) {
  json::writer w;
  w.begin_object().key("organizations").begin_array();
  for (const auto& o : store::list_organizations(req.db(), req.who().workspace_id)) {
    w.begin_object().field("id", o.id).field("name", o.name);
    w.key("avatar_url").value_or_null(o.avatar_url);
    w.field("type", o.type)
      .field("users_count", o.users_count)
      .field("contracts_count", o.contracts_count)
      .field("selected", o.selected)
      .end_object();
  }
  w.end_array();
  // What the import will read (F2's scopes, F3's period), shown before it starts.
  w.key("sync_info").begin_object().key("scopes").begin_array();
  for (const char* scope : {"time_and_contracts", "basic_user_profiles", "client_company_references"})
    w.value(scope);
  w.end_array().field("import_days", import_days).end_object();
  // Whether the organizations above are all there is: a discovery that failed at connect
  // is retried in the background, and the wizard says so meanwhile.
  auto connections = store::list_connections(req.db(), req.who().workspace_id);
  if (const auto* c = wizard_discovery(connections)) {
    write_discovery(w, *c);
  } else {
    w.key("discovery").null();
  }
  w.end_object();
  return {200, std::move(w).str()};
}

api_response select_accounts(api_request& req, int import_days, const std::shared_ptr<sync_control>& control) {
  auto wanted = read_account_selection(req.body);

  auto ws = req.who().workspace_id;
  std::vector<std::string> on(wanted.begin(), wanted.end()), off;
  std::set<std::string> known;
  for (const auto& o : store::list_organizations(req.db(), ws)) {
    known.insert(o.id);
    if (!wanted.count(o.id))
      off.push_back(o.id);
  }
  for (const auto& id : wanted)
    if (!known.count(id))
      throw invalid_request("unknown organization id: " + id, "selected");
  store::set_organizations_selected(req.db(), ws, on, true);
  store::set_organizations_selected(req.db(), ws, off, false);
  for (const auto& id : known) // deselected organizations stop, selected ones (re)start
    notify_organization_changed(req, control, ws, id);
  return accounts(req, import_days);
}

} // namespace

void add_upwork_wizard_account_routes(router& r, int import_days, std::shared_ptr<sync_control> control) {
  using boost::beast::http::verb;
  r.add(verb::get, "/api/v1/upwork/wizard/accounts", access::manager,
        [import_days](api_request& req) { return accounts(req, import_days); });
  r.add(verb::put, "/api/v1/upwork/wizard/accounts", access::manager,
        [import_days, control](api_request& req) { return select_accounts(req, import_days, control); });
}

} // namespace upsync::http
