#include "storage/project_store.hpp"

#include "storage/pq_rows.hpp"
#include "storage/sql_array.hpp"

#include <pqxx/pqxx>

namespace upsync::storage::project_store {

namespace {

constexpr const char* columns = "id, workspace_id, name, client_name, billable, archived_at IS NOT NULL";

project_record from_row(const pqxx::row& row) {
  return project_record{
    row[0].as<db_id>(),       row[1].as<db_id>(),
    row[2].as<std::string>(), row[3].is_null() ? std::nullopt : std::optional<std::string>{row[3].as<std::string>()},
    row[4].as<bool>(),        row[5].as<bool>()};
}

} // namespace

project_record create(pqxx::transaction_base& tx, db_id workspace_id, const std::string& name,
                      const std::optional<std::string>& client_name, bool billable) {
  auto rows = tx.exec_params(std::string{"INSERT INTO projects (workspace_id, name, client_name, "
                                         "billable) VALUES ($1, $2, $3, $4) "
                                         "ON CONFLICT DO NOTHING RETURNING "}
                               + columns,
                             workspace_id, name, client_name, billable);
  if (rows.empty())
    throw duplicate_error("a project with this name already exists");
  return from_row(rows[0]);
}

std::vector<std::optional<db_id>> create_many(pqxx::transaction_base& tx, db_id workspace_id,
                                              const std::vector<domain::project_to_create>& projects) {
  if (projects.empty())
    return {};
  std::vector<std::string> names, billable;
  std::vector<std::optional<std::string>> client_names;
  for (const auto& p : projects) {
    names.push_back(p.name);
    client_names.push_back(p.client_name);
    billable.push_back(p.billable ? "true" : "false");
  }
  auto rows =
    tx.exec_params("INSERT INTO projects (workspace_id, name, client_name, billable)"
                   " SELECT $1, t.name, t.client_name, t.billable"
                   " FROM unnest($2::text[], $3::text[], $4::boolean[]) WITH ORDINALITY"
                   "   AS t(name, client_name, billable, n) ORDER BY t.n"
                   " ON CONFLICT DO NOTHING RETURNING id, name",
                   workspace_id, to_array_literal(names), to_array_literal(client_names), to_array_literal(billable));
  return ids_in_order(rows, names);
}

std::optional<project_record> update(pqxx::transaction_base& tx, db_id workspace_id, db_id id,
                                     const project_patch& patch) {
  // Passed as text so that "leave it" (NULL flag) and "clear it" travel apart.
  auto rows = tx.exec_params(std::string{"UPDATE projects p SET"
                                         " name = COALESCE($3, p.name),"
                                         " client_name = CASE WHEN $4 THEN $5 ELSE p.client_name END,"
                                         " billable = COALESCE($6, p.billable),"
                                         " archived_at = CASE WHEN $7::boolean IS NULL THEN p.archived_at"
                                         "   WHEN $7 THEN COALESCE(p.archived_at, now()) END"
                                         " WHERE workspace_id = $1 AND id = $2"
                                         "   AND NOT EXISTS (SELECT 1 FROM projects o WHERE o.workspace_id = $1"
                                         "     AND o.id <> $2 AND lower(o.name) = lower($3))"
                                         " RETURNING "}
                               + columns,
                             workspace_id, id, patch.name, patch.client_name.has_value(),
                             patch.client_name.value_or(std::nullopt), patch.billable, patch.archived);
  if (!rows.empty())
    return from_row(rows[0]);
  if (patch.name && find(tx, workspace_id, id))
    throw duplicate_error("a project with this name already exists");
  return std::nullopt;
}

std::optional<project_record> find(pqxx::transaction_base& tx, db_id workspace_id, db_id id) {
  auto rows = tx.exec_params(std::string{"SELECT "} + columns + " FROM projects WHERE workspace_id = $1 AND id = $2",
                             workspace_id, id);
  if (rows.empty())
    return std::nullopt;
  return from_row(rows[0]);
}

std::vector<project_record> list(pqxx::transaction_base& tx, db_id workspace_id) {
  auto rows = tx.exec_params(std::string{"SELECT "} + columns + " FROM projects WHERE workspace_id = $1 ORDER BY id",
                             workspace_id);
  std::vector<project_record> out;
  out.reserve(rows.size());
  for (const auto& row : rows)
    out.push_back(from_row(row));
  return out;
}

} // namespace upsync::storage::project_store
