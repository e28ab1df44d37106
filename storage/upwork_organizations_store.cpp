// Upwork organizations in PostgreSQL (see upwork_organizations_store.hpp). Every statement
// names the workspace, except the engine's list across workspaces.
#include "storage/upwork_organizations_store.hpp"

#include "storage/pq_nullable.hpp"
#include "storage/pq_rows.hpp"
#include "storage/sql_array.hpp"
#include "storage/upwork_store_detail.hpp"

#include <pqxx/pqxx>

namespace upsync::storage::upwork_store {

using detail::as_text;
using detail::require_one_of;

namespace {

constexpr const char* organization_columns =
  "workspace_id, id, connection_id, rid, name, type, avatar_url, selected, users_count, "
  "contracts_count, refresh_status, extract(epoch FROM last_refreshed_at)::bigint, "
  "extract(epoch FROM last_synced_at)::bigint";

organization_record organization_from_row(const pqxx::row& r) {
  return organization_record{r[0].as<db_id>(),
                             r[1].as<std::string>(),
                             r[2].as<db_id>(),
                             nullable<std::string>(r[3]),
                             r[4].as<std::string>(),
                             r[5].as<std::string>(),
                             nullable<std::string>(r[6]),
                             r[7].as<bool>(),
                             r[8].as<std::int32_t>(),
                             r[9].as<std::int32_t>(),
                             r[10].as<std::string>(),
                             nullable<std::int64_t>(r[11]),
                             nullable<std::int64_t>(r[12])};
}

} // namespace

void upsert_organization(pqxx::transaction_base& tx, db_id workspace_id, const organization_discovery& org) {
  require_one_of("organization type", org.type, {"agency", "client", "freelancer"});
  tx.exec_params0("INSERT INTO upwork_organizations (workspace_id, id, connection_id, rid, name, type,"
                  " avatar_url, users_count, contracts_count) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
                  " ON CONFLICT (workspace_id, id) DO UPDATE SET connection_id = EXCLUDED.connection_id,"
                  " rid = EXCLUDED.rid, name = EXCLUDED.name, type = EXCLUDED.type,"
                  " avatar_url = CASE WHEN $10 THEN EXCLUDED.avatar_url ELSE upwork_organizations.avatar_url END,"
                  " users_count = EXCLUDED.users_count,"
                  " contracts_count = EXCLUDED.contracts_count",
                  workspace_id, org.id, org.connection_id, org.rid, org.name, org.type, org.avatar_url, org.users_count,
                  org.contracts_count, org.avatar_known);
}

std::optional<organization_record> find_organization(pqxx::transaction_base& tx, db_id workspace_id,
                                                     const std::string& id) {
  auto rows = tx.exec_params(std::string{"SELECT "} + organization_columns
                               + " FROM upwork_organizations WHERE workspace_id = $1 AND id = $2",
                             workspace_id, id);
  if (rows.empty())
    return std::nullopt;
  return organization_from_row(rows[0]);
}

std::vector<organization_record> list_organizations(pqxx::transaction_base& tx, db_id workspace_id) {
  auto rows = tx.exec_params(std::string{"SELECT "} + organization_columns
                               + " FROM upwork_organizations WHERE workspace_id = $1 ORDER BY id",
                             workspace_id);
  return records_from(rows, organization_from_row);
}

std::vector<organization_record> list_engine_organizations(pqxx::transaction_base& tx,
                                                           std::optional<db_id> workspace_id,
                                                           const std::optional<std::string>& id) {
  auto rows = tx.exec_params(std::string{"SELECT "}
                               + "o.workspace_id, o.id, o.connection_id, o.rid, o.name, o.type, "
                                 "o.avatar_url, o.selected, o.users_count, o.contracts_count, o.refresh_status, "
                                 "extract(epoch FROM o.last_refreshed_at)::bigint, "
                                 "extract(epoch FROM o.last_synced_at)::bigint"
                                 " FROM upwork_organizations o JOIN upwork_connections c"
                                 " ON c.workspace_id = o.workspace_id AND c.id = o.connection_id"
                                 " WHERE o.selected AND c.status = 'active'"
                                 " AND ($1::bigint IS NULL OR o.workspace_id = $1::bigint)"
                                 " AND ($2::text IS NULL OR o.id = $2::text)"
                                 " ORDER BY o.workspace_id, o.id",
                             as_text(workspace_id), id);
  return records_from(rows, organization_from_row);
}

std::size_t set_organizations_selected(pqxx::transaction_base& tx, db_id workspace_id,
                                       const std::vector<std::string>& ids, bool selected) {
  auto result = tx.exec_params0("UPDATE upwork_organizations SET selected = $3"
                                " WHERE workspace_id = $1 AND id = ANY($2::text[])",
                                workspace_id, to_array_literal(ids), selected);
  return static_cast<std::size_t>(result.affected_rows());
}

bool set_refresh_status(pqxx::transaction_base& tx, db_id workspace_id, const std::string& id,
                        const std::string& status, std::optional<std::int64_t> refreshed_at) {
  require_one_of("refresh status", status, {"idle", "running", "failed"});
  auto rows = tx.exec_params("UPDATE upwork_organizations SET refresh_status = $3,"
                             " last_refreshed_at = COALESCE(to_timestamp($4::bigint), last_refreshed_at)"
                             " WHERE workspace_id = $1 AND id = $2 RETURNING id",
                             workspace_id, id, status, as_text(refreshed_at));
  return !rows.empty();
}

std::size_t mark_organizations_synced(pqxx::transaction_base& tx, const std::vector<organization_key>& organizations) {
  std::vector<std::string> workspaces, ids;
  workspaces.reserve(organizations.size());
  ids.reserve(organizations.size());
  for (const auto& o : organizations) {
    workspaces.push_back(std::to_string(o.workspace_id));
    ids.push_back(o.organization_id);
  }
  auto done = tx.exec_params("UPDATE upwork_organizations o SET last_synced_at = now()"
                             " FROM unnest($1::bigint[], $2::text[]) AS v(workspace_id, id)"
                             " WHERE o.workspace_id = v.workspace_id AND o.id = v.id",
                             to_array_literal(workspaces), to_array_literal(ids));
  return static_cast<std::size_t>(done.affected_rows());
}

bool mark_organization_synced(pqxx::transaction_base& tx, db_id workspace_id, const std::string& id) {
  return mark_organizations_synced(tx, {{workspace_id, id}}) == 1;
}

} // namespace upsync::storage::upwork_store
