// Wizard step 3 (F6): review every decision grouped by selected organization, and confirm:
// create the chosen members and projects, lock the mappings, start the import.
#include "http/api_error.hpp"
#include "http/handlers/routes.hpp"
#include "http/json_body.hpp"
#include "http/sync_control.hpp"
#include "protocol/json_writer.hpp"
#include "storage/project_store.hpp"
#include "storage/sql_array.hpp"
#include "storage/upwork_store.hpp"
#include "storage/workspace_store.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include <pqxx/pqxx>

namespace upsync::http {

namespace {

namespace store = storage::upwork_store;

std::optional<std::string> text_or_null(const pqxx::field& f) {
  if (f.is_null())
    return std::nullopt;
  return f.as<std::string>();
}

std::string lower(std::string s) {
  for (auto& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string section_label(const store::organization_record& o) {
  if (o.type == "agency")
    return "Freelancer/Agency (" + o.name + ")";
  if (o.type == "client")
    return "Client (" + o.name + ")";
  return "Freelancer (" + o.name + ")";
}

std::vector<store::organization_record> selected_organizations(api_request& req) {
  auto all = store::list_organizations(req.db(), req.who().workspace_id);
  std::vector<store::organization_record> out;
  for (auto& o : all)
    if (o.selected)
      out.push_back(std::move(o));
  return out;
}

// Each list below is one statement over every selected organization of the workspace.

constexpr const char* members_to_link_query =
  "SELECT u.organization_id, u.upwork_user_id, u.member_id"
  " FROM upwork_users u JOIN upwork_organizations o"
  "   ON o.workspace_id = u.workspace_id AND o.id = u.organization_id"
  " WHERE u.workspace_id = $1 AND o.selected AND u.sync AND u.member_id IS NOT NULL"
  "   AND NOT u.locked"
  " ORDER BY u.organization_id, u.upwork_user_id";

// "Create new member" waits for confirm; a user already mapped keeps its member.
constexpr const char* members_to_create_query =
  "SELECT u.organization_id, u.upwork_user_id, u.create_member_name, u.create_member_email"
  " FROM upwork_users u JOIN upwork_organizations o"
  "   ON o.workspace_id = u.workspace_id AND o.id = u.organization_id"
  " WHERE u.workspace_id = $1 AND o.selected AND u.member_id IS NULL"
  "   AND u.create_member_name IS NOT NULL AND u.create_member_email IS NOT NULL"
  " ORDER BY u.organization_id, u.upwork_user_id";

// The rate in force going forward: the Upwork side is the contract's current rate, the
// other side the latest one the manager entered (F10: which side is which by account type).
constexpr const char* contracts_query =
  "SELECT c.organization_id, c.id, c.title, c.project_id,"
  "       COALESCE(p.name, c.create_project->>'name'),"
  "       CASE WHEN o.type = 'client' THEN c.upwork_rate::text ELSE pay.rate END,"
  "       CASE WHEN o.type = 'client' THEN bill.rate ELSE c.upwork_rate::text END,"
  "       c.currency"
  " FROM upwork_contracts c"
  " JOIN upwork_organizations o ON o.workspace_id = c.workspace_id AND o.id = c.organization_id"
  " JOIN upwork_users u ON u.workspace_id = c.workspace_id"
  "  AND u.organization_id = c.organization_id AND u.upwork_user_id = c.upwork_user_id"
  " LEFT JOIN projects p ON p.workspace_id = c.workspace_id AND p.id = c.project_id"
  " LEFT JOIN LATERAL (SELECT r.rate::text AS rate FROM upwork_contract_rates r"
  "   WHERE r.workspace_id = c.workspace_id AND r.contract_id = c.id AND r.side = 'pay'"
  "   ORDER BY r.effective_from DESC LIMIT 1) pay ON true"
  " LEFT JOIN LATERAL (SELECT r.rate::text AS rate FROM upwork_contract_rates r"
  "   WHERE r.workspace_id = c.workspace_id AND r.contract_id = c.id AND r.side = 'bill'"
  "   ORDER BY r.effective_from DESC LIMIT 1) bill ON true"
  " WHERE c.workspace_id = $1 AND o.selected AND c.sync AND u.sync"
  "   AND (c.project_id IS NOT NULL OR c.create_project IS NOT NULL)"
  " ORDER BY c.organization_id, c.id";

api_response review(api_request& req) {
  auto ws = req.who().workspace_id;
  auto link = req.db().exec_params(members_to_link_query, ws);
  auto create = req.db().exec_params(members_to_create_query, ws);
  auto contracts = req.db().exec_params(contracts_query, ws);

  json::writer w;
  w.begin_object().key("organizations").begin_array();
  for (const auto& o : selected_organizations(req)) {
    w.begin_object().field("id", o.id).field("section_label", section_label(o));
    w.key("members_to_link").begin_array();
    for (const auto& r : link)
      if (r[0].as<std::string>() == o.id)
        w.begin_object()
          .field("upwork_user_id", r[1].as<std::string>())
          .field("member_id", r[2].as<std::string>())
          .end_object();
    w.end_array().key("members_to_create").begin_array();
    for (const auto& r : create)
      if (r[0].as<std::string>() == o.id)
        w.begin_object()
          .field("upwork_user_id", r[1].as<std::string>())
          .field("name", r[2].as<std::string>())
          .field("email", r[3].as<std::string>())
          .end_object();
    w.end_array().key("contracts").begin_array();
    for (const auto& r : contracts) {
      if (r[0].as<std::string>() != o.id)
        continue;
      w.begin_object().field("id", r[1].as<std::string>()).field("title", r[2].as<std::string>());
      w.key("project_id").value_or_null(text_or_null(r[3]));
      w.key("project_name").value_or_null(text_or_null(r[4]));
      w.key("pay_rate").value_or_null(text_or_null(r[5]));
      w.key("bill_rate").value_or_null(text_or_null(r[6]));
      w.field("currency", r[7].as<std::string>()).end_object();
    }
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
  for (const auto& r : req.db().exec_params(members_to_create_query, ws)) {
    auto email = r[3].as<std::string>();
    auto it = by_email.find(lower(email));
    if (it == by_email.end()) {
      try {
        auto m = storage::workspace_store::create_member(req.db(), ws, r[2].as<std::string>(),
                                                         email, storage::role::member);
        it = by_email.emplace(lower(email), m.id).first;
      } catch (const storage::duplicate_error&) {
        // The request's transaction rolls back: nothing of this confirm is applied.
        throw conflict("a member with the email " + email + " already exists; map the Upwork user "
                         + r[1].as<std::string>() + " to that member or choose another email",
                       "create_member.email");
      }
    }
    req.db().exec_params0("UPDATE upwork_users SET member_id = $4, create_member_name = NULL,"
                          " create_member_email = NULL"
                          " WHERE workspace_id = $1 AND organization_id = $2 AND upwork_user_id = $3",
                          ws, r[0].as<std::string>(), r[1].as<std::string>(), it->second);
  }
}

/// Creates the projects chosen inline and maps their contracts; one project per name.
void create_projects(api_request& req) {
  auto ws = req.who().workspace_id;
  auto rows = req.db().exec_params(
    "SELECT c.id, c.create_project->>'name', c.create_project->>'client_name',"
    "       COALESCE(c.create_project->>'billable', 'false') = 'true'"
    " FROM upwork_contracts c JOIN upwork_organizations o"
    "   ON o.workspace_id = c.workspace_id AND o.id = c.organization_id"
    " WHERE c.workspace_id = $1 AND o.selected AND c.project_id IS NULL"
    "   AND c.create_project IS NOT NULL AND c.create_project->>'name' IS NOT NULL"
    " ORDER BY c.id",
    ws);
  std::map<std::string, storage::db_id> by_name;
  for (const auto& r : rows) {
    auto name = r[1].as<std::string>();
    auto it = by_name.find(lower(name));
    if (it == by_name.end()) {
      try {
        auto p = storage::project_store::create(req.db(), ws, name, text_or_null(r[2]), r[3].as<bool>());
        it = by_name.emplace(lower(name), p.id).first;
      } catch (const storage::duplicate_error&) {
        throw conflict("a project named " + name + " already exists; choose it for contract "
                         + r[0].as<std::string>() + " instead",
                       "create_project.name");
      }
    }
    req.db().exec_params0("UPDATE upwork_contracts SET project_id = $3, create_project = NULL"
                          " WHERE workspace_id = $1 AND id = $2",
                          ws, r[0].as<std::string>(), it->second);
  }
}

/// Locks what syncs; returns the contracts locked now (they were open before this confirm).
std::set<std::string> lock_mappings(api_request& req) {
  auto ws = req.who().workspace_id;
  req.db().exec_params0("UPDATE upwork_users u SET locked = true FROM upwork_organizations o"
                        " WHERE o.workspace_id = u.workspace_id AND o.id = u.organization_id"
                        "   AND u.workspace_id = $1 AND o.selected AND u.sync"
                        "   AND u.member_id IS NOT NULL AND NOT u.locked",
                        ws);
  auto rows = req.db().exec_params(
    "UPDATE upwork_contracts c SET locked = true FROM upwork_organizations o, upwork_users u"
    " WHERE o.workspace_id = c.workspace_id AND o.id = c.organization_id"
    "   AND u.workspace_id = c.workspace_id AND u.organization_id = c.organization_id"
    "   AND u.upwork_user_id = c.upwork_user_id"
    "   AND c.workspace_id = $1 AND o.selected AND u.sync AND c.sync"
    "   AND c.project_id IS NOT NULL AND NOT c.locked"
    " RETURNING c.id",
    ws);
  std::set<std::string> out;
  for (const auto& r : rows)
    out.insert(r[0].as<std::string>());
  return out;
}

api_response confirm(api_request& req, int import_days, const std::shared_ptr<sync_control>& control) {
  json_body body{req.body, true};
  body.allow_only({});
  auto ws = req.who().workspace_id;
  auto orgs = selected_organizations(req);

  create_members(req);
  create_projects(req);
  auto newly_locked = lock_mappings(req);

  // The contracts that sync now (the one definition in upwork_store) get a pending cursor,
  // so the dashboard shows their import from the start; an existing cursor is kept.
  std::vector<std::string> targets;
  for (const auto& o : orgs)
    for (const auto& t : store::list_sync_targets(req.db(), ws, o.id))
      targets.push_back(t.contract_id);
  std::set<std::string> new_cursors;
  if (!targets.empty())
    for (const auto& r : req.db().exec_params(
           "INSERT INTO upwork_sync_cursors (workspace_id, contract_id, import_state, days_total)"
           " SELECT $1, id, 'pending', $3 FROM unnest($2::text[]) AS t(id)"
           " ON CONFLICT (workspace_id, contract_id) DO NOTHING RETURNING contract_id",
           ws, storage::to_array_literal(targets), import_days))
      new_cursors.insert(r[0].as<std::string>());
  // Started: a syncing contract this confirm locked or gave its first cursor; a second
  // confirm finds both done and starts nothing.
  auto started = std::count_if(targets.begin(), targets.end(), [&](const std::string& id) {
    return newly_locked.count(id) || new_cursors.count(id);
  });

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
