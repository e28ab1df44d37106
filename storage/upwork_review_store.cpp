// Wizard step 3's reads and writes (see upwork_review_store.hpp).
#include "storage/upwork_review_store.hpp"

#include "storage/pq_nullable.hpp"
#include "storage/rate_in_force_sql.hpp"
#include "storage/sql_array.hpp"

#include <pqxx/pqxx>

namespace upsync::storage::upwork_review_store {

namespace {

std::set<std::string> first_column(const pqxx::result& rows) {
  std::set<std::string> out;
  for (const auto& r : rows)
    out.insert(r[0].as<std::string>());
  return out;
}

// Which contracts (c) of an organization (o) and user (u) the manager chose to sync: shared
// by the review's list, the locking and confirm_contracts, so that what the manager
// reviewed is exactly what gets confirmed.
constexpr const char* chosen_to_sync = "c.workspace_id = $1 AND o.selected AND c.sync AND u.sync";

// The joins of contract, organization and user, for UPDATE ... FROM.
constexpr const char* contract_joins = " o.workspace_id = c.workspace_id AND o.id = c.organization_id"
                                       " AND u.workspace_id = c.workspace_id AND u.organization_id = c.organization_id"
                                       " AND u.upwork_user_id = c.upwork_user_id AND ";

} // namespace

std::vector<member_to_link> members_to_link(pqxx::transaction_base& tx, db_id workspace_id) {
  auto rows = tx.exec_params("SELECT u.organization_id, u.upwork_user_id, u.member_id"
                             " FROM upwork_users u JOIN upwork_organizations o"
                             "   ON o.workspace_id = u.workspace_id AND o.id = u.organization_id"
                             " WHERE u.workspace_id = $1 AND o.selected AND u.sync AND u.member_id IS NOT NULL"
                             "   AND NOT u.locked"
                             " ORDER BY u.organization_id, u.upwork_user_id",
                             workspace_id);
  std::vector<member_to_link> out;
  out.reserve(rows.size());
  for (const auto& r : rows)
    out.push_back({r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<db_id>()});
  return out;
}

std::vector<member_to_create> members_to_create(pqxx::transaction_base& tx, db_id workspace_id) {
  // A user already mapped keeps its member.
  auto rows = tx.exec_params("SELECT u.organization_id, u.upwork_user_id, u.create_member_name, u.create_member_email"
                             " FROM upwork_users u JOIN upwork_organizations o"
                             "   ON o.workspace_id = u.workspace_id AND o.id = u.organization_id"
                             " WHERE u.workspace_id = $1 AND o.selected AND u.member_id IS NULL"
                             "   AND u.create_member_name IS NOT NULL AND u.create_member_email IS NOT NULL"
                             " ORDER BY u.organization_id, u.upwork_user_id",
                             workspace_id);
  std::vector<member_to_create> out;
  out.reserve(rows.size());
  for (const auto& r : rows)
    out.push_back({r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::string>(), r[3].as<std::string>()});
  return out;
}

std::vector<contract_to_sync> contracts_to_sync(pqxx::transaction_base& tx, db_id workspace_id) {
  // The rate in force going forward: the Upwork side is the contract's current rate, the
  // other side the latest one the manager entered.
  // F10: which side is Upwork's comes from the domain rule (rate_in_force_sql).
  const auto upwork_pays = rate_in_force_sql::upwork_side_is_pay("o.type");
  auto rows = tx.exec_params(
    std::string{"SELECT c.organization_id, c.id, c.title, c.project_id,"
                "       COALESCE(p.name, c.create_project->>'name'),"
                "       CASE WHEN "}
      + upwork_pays
      + " THEN COALESCE(ovr.rate, c.upwork_rate::text) ELSE pay.rate END,"
        "       CASE WHEN "
      + upwork_pays
      + " THEN bill.rate ELSE COALESCE(ovr.rate, c.upwork_rate::text) END,"
        "       c.currency, c.confirmed_at IS NOT NULL, o.type,"
        "       CASE WHEN p.id IS NOT NULL THEN p.billable"
        "            WHEN c.create_project IS NOT NULL"
        "            THEN COALESCE(c.create_project->>'billable', 'false') = 'true' END"
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
        " LEFT JOIN LATERAL (SELECT r.rate::text AS rate FROM upwork_contract_rates r"
        "   WHERE r.workspace_id = c.workspace_id AND r.contract_id = c.id AND r.side = 'upwork_override'"
        "   ORDER BY r.effective_from DESC LIMIT 1) ovr ON true"
        " WHERE "
      + chosen_to_sync
      + " AND (c.project_id IS NOT NULL OR c.create_project IS NOT NULL)"
        " ORDER BY c.organization_id, c.id",
    workspace_id);
  std::vector<contract_to_sync> out;
  out.reserve(rows.size());
  for (const auto& r : rows)
    out.push_back({r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::string>(), nullable<db_id>(r[3]),
                   nullable<std::string>(r[4]), nullable<std::string>(r[5]), nullable<std::string>(r[6]),
                   r[7].as<std::string>(), r[8].as<bool>(), r[9].as<std::string>(), nullable<bool>(r[10])});
  return out;
}

std::vector<project_to_create> projects_to_create(pqxx::transaction_base& tx, db_id workspace_id) {
  auto rows = tx.exec_params("SELECT c.id, c.create_project->>'name', c.create_project->>'client_name',"
                             "       COALESCE(c.create_project->>'billable', 'false') = 'true'"
                             " FROM upwork_contracts c JOIN upwork_organizations o"
                             "   ON o.workspace_id = c.workspace_id AND o.id = c.organization_id"
                             " WHERE c.workspace_id = $1 AND o.selected AND c.project_id IS NULL"
                             "   AND c.create_project IS NOT NULL AND c.create_project->>'name' IS NOT NULL"
                             " ORDER BY c.id",
                             workspace_id);
  std::vector<project_to_create> out;
  out.reserve(rows.size());
  for (const auto& r : rows)
    out.push_back({r[0].as<std::string>(), r[1].as<std::string>(), nullable<std::string>(r[2]), r[3].as<bool>()});
  return out;
}

void members_created(pqxx::transaction_base& tx, db_id workspace_id, const std::vector<domain::member_mapped>& mapped) {
  if (mapped.empty())
    return;
  std::vector<std::string> organizations, users, members;
  for (const auto& m : mapped) {
    organizations.push_back(m.organization_id);
    users.push_back(m.upwork_user_id);
    members.push_back(std::to_string(m.member_id));
  }
  tx.exec_params0("UPDATE upwork_users u SET member_id = t.member_id, create_member_name = NULL,"
                  " create_member_email = NULL"
                  " FROM unnest($2::text[], $3::text[], $4::bigint[]) AS t(organization_id, upwork_user_id, member_id)"
                  " WHERE u.workspace_id = $1 AND u.organization_id = t.organization_id"
                  "   AND u.upwork_user_id = t.upwork_user_id",
                  workspace_id, to_array_literal(organizations), to_array_literal(users), to_array_literal(members));
}

void projects_created(pqxx::transaction_base& tx, db_id workspace_id,
                      const std::vector<domain::project_mapped>& mapped) {
  if (mapped.empty())
    return;
  std::vector<std::string> contracts, projects;
  for (const auto& m : mapped) {
    contracts.push_back(m.contract_id);
    projects.push_back(std::to_string(m.project_id));
  }
  tx.exec_params0("UPDATE upwork_contracts c SET project_id = t.project_id, create_project = NULL"
                  " FROM unnest($2::text[], $3::bigint[]) AS t(contract_id, project_id)"
                  " WHERE c.workspace_id = $1 AND c.id = t.contract_id",
                  workspace_id, to_array_literal(contracts), to_array_literal(projects));
}

void lock_mappings(pqxx::transaction_base& tx, db_id workspace_id) {
  tx.exec_params0("UPDATE upwork_users u SET locked = true FROM upwork_organizations o"
                  " WHERE o.workspace_id = u.workspace_id AND o.id = u.organization_id"
                  "   AND u.workspace_id = $1 AND o.selected AND u.sync"
                  "   AND u.member_id IS NOT NULL AND NOT u.locked",
                  workspace_id);
  tx.exec_params0("UPDATE upwork_contracts c SET locked = true FROM upwork_organizations o, upwork_users u"
                  " WHERE"
                    + std::string{contract_joins} + chosen_to_sync
                    + " AND u.member_id IS NOT NULL AND c.project_id IS NOT NULL AND NOT c.locked",
                  workspace_id);
}

std::set<std::string> confirm_contracts(pqxx::transaction_base& tx, db_id workspace_id) {
  return first_column(
    tx.exec_params("UPDATE upwork_contracts c SET confirmed_at = now() FROM upwork_organizations o, upwork_users u"
                   " WHERE"
                     + std::string{contract_joins} + chosen_to_sync
                     + " AND u.member_id IS NOT NULL AND c.project_id IS NOT NULL AND c.confirmed_at IS NULL"
                       " RETURNING c.id",
                   workspace_id));
}

std::set<std::string> start_import_cursors(pqxx::transaction_base& tx, db_id workspace_id,
                                           const std::vector<std::string>& contract_ids, int days_total) {
  if (contract_ids.empty())
    return {};
  return first_column(
    tx.exec_params("INSERT INTO upwork_sync_cursors (workspace_id, contract_id, import_state, days_total)"
                   " SELECT $1, id, 'pending', $3 FROM unnest($2::text[]) AS t(id)"
                   " ON CONFLICT (workspace_id, contract_id) DO NOTHING RETURNING contract_id",
                   workspace_id, to_array_literal(contract_ids), days_total));
}

} // namespace upsync::storage::upwork_review_store
