// Day totals and sync cursors in PostgreSQL (see sync_cursor_store.hpp). Every statement
// names the workspace.
#include "storage/sync_cursor_store.hpp"

#include "storage/pq_nullable.hpp"
#include "storage/pq_rows.hpp"

#include <pqxx/pqxx>

namespace upsync::storage::upwork_store {

namespace {

constexpr const char* cursor_columns =
  "contract_id, import_state, window_start - date '1970-01-01', days_total, days_done, "
  "synced_through - date '1970-01-01', extract(epoch FROM last_synced_at)::bigint, last_error";

cursor_record cursor_from_row(const pqxx::row& r) {
  return cursor_record{r[0].as<std::string>(),       r[1].as<std::string>(),     nullable<std::int64_t>(r[2]),
                       r[3].as<std::int32_t>(),      r[4].as<std::int32_t>(),    nullable<std::int64_t>(r[5]),
                       nullable<std::int64_t>(r[6]), nullable<std::string>(r[7])};
}

} // namespace

std::vector<day_total> load_day_totals(pqxx::transaction_base& tx, db_id workspace_id, const std::string& contract_id,
                                       std::int64_t first_day) {
  auto rows = tx.exec_params("SELECT day - date '1970-01-01', seconds FROM upwork_day_totals"
                             " WHERE workspace_id = $1 AND contract_id = $2"
                             "   AND day >= date '1970-01-01' + $3::integer ORDER BY day",
                             workspace_id, contract_id, static_cast<std::int32_t>(first_day));
  std::vector<day_total> out;
  out.reserve(rows.size());
  for (const auto& r : rows)
    out.push_back(day_total{r[0].as<std::int64_t>(), r[1].as<std::int32_t>()});
  return out;
}

std::optional<cursor_record> load_cursor(pqxx::transaction_base& tx, db_id workspace_id,
                                         const std::string& contract_id) {
  auto rows = tx.exec_params(std::string{"SELECT "} + cursor_columns
                               + " FROM upwork_sync_cursors WHERE workspace_id = $1"
                                 " AND contract_id = $2",
                             workspace_id, contract_id);
  if (rows.empty())
    return std::nullopt;
  return cursor_from_row(rows[0]);
}

std::vector<cursor_record> load_organization_cursors(pqxx::transaction_base& tx, db_id workspace_id,
                                                     const std::string& organization_id) {
  auto rows = tx.exec_params(std::string{"SELECT "} + cursor_columns
                               + " FROM upwork_sync_cursors WHERE workspace_id = $1"
                                 " AND contract_id IN (SELECT id FROM upwork_contracts"
                                 "   WHERE workspace_id = $1 AND organization_id = $2)"
                                 " ORDER BY contract_id",
                             workspace_id, organization_id);
  return records_from(rows, cursor_from_row);
}

void set_cursor_error(pqxx::transaction_base& tx, db_id workspace_id, const std::string& contract_id,
                      const std::optional<std::string>& error) {
  tx.exec_params0("INSERT INTO upwork_sync_cursors (workspace_id, contract_id, last_error)"
                  " VALUES ($1, $2, $3) ON CONFLICT (workspace_id, contract_id)"
                  " DO UPDATE SET last_error = EXCLUDED.last_error",
                  workspace_id, contract_id, error);
}

} // namespace upsync::storage::upwork_store
