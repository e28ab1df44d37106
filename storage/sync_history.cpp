// The sync history's rows (see sync_history.hpp).
#include "storage/sync_history.hpp"

#include <pqxx/pqxx>

namespace upsync::storage::sync_history {

namespace {

constexpr const char* run_columns =
  "id, workspace_id, organization_id, kind, result, (extract(epoch FROM started_at) * 1000)::bigint,"
  " (extract(epoch FROM finished_at) * 1000)::bigint, cycles, contract_days_read, cells_written,"
  " intervals_written, requests, error";

run from_row(const pqxx::row& row) {
  run r;
  r.id = row[0].as<std::int64_t>();
  r.workspace_id = row[1].as<db_id>();
  r.organization_id = row[2].as<std::string>();
  r.kind = row[3].as<std::string>();
  r.result = row[4].as<std::string>();
  r.started_at = row[5].as<std::int64_t>();
  r.finished_at = row[6].as<std::int64_t>();
  r.cycles = row[7].as<std::int64_t>();
  r.contract_days_read = row[8].as<std::int64_t>();
  r.cells_written = row[9].as<std::int64_t>();
  r.intervals_written = row[10].as<std::int64_t>();
  r.requests = row[11].as<std::int64_t>();
  if (!row[12].is_null())
    r.error = row[12].as<std::string>();
  return r;
}

// The organization's latest run, if idle (locked: the STORE is the only writer, but a
// second node's STORE may write the same organization's runs after a lease moves).
constexpr const char* extend_idle =
  "UPDATE upwork_sync_runs SET finished_at = to_timestamp($3 / 1000.0), cycles = cycles + 1,"
  " requests = requests + $4"
  " WHERE id = (SELECT id FROM upwork_sync_runs WHERE workspace_id = $1 AND organization_id = $2"
  "             ORDER BY id DESC LIMIT 1 FOR UPDATE)"
  "   AND kind = 'cycle' AND result = 'succeeded' AND contract_days_read = 0 AND cells_written = 0"
  " RETURNING id";

constexpr const char* insert_run =
  "INSERT INTO upwork_sync_runs (workspace_id, organization_id, kind, result, started_at, finished_at,"
  "                              contract_days_read, cells_written, intervals_written, requests, error)"
  " SELECT $1, $2, $3, $4, to_timestamp($5 / 1000.0), to_timestamp($6 / 1000.0), $7, $8, $9, $10, $11"
  " WHERE EXISTS (SELECT 1 FROM upwork_organizations WHERE workspace_id = $1 AND id = $2)";

} // namespace

void record(pqxx::transaction_base& tx, const std::vector<run>& runs) {
  for (const auto& r : runs) {
    if (r.idle() && !tx.exec_params(extend_idle, r.workspace_id, r.organization_id, r.finished_at, r.requests).empty())
      continue;
    std::optional<std::string> error;
    if (r.error)
      error = r.error->substr(0, 500);
    tx.exec_params0(insert_run, r.workspace_id, r.organization_id, r.kind, r.result, r.started_at, r.finished_at,
                    r.contract_days_read, r.cells_written, r.intervals_written, r.requests, error);
  }
}

std::vector<run> list(pqxx::transaction_base& tx, db_id workspace_id, const std::string& organization_id, int limit,
                      std::optional<std::int64_t> before) {
  auto rows = tx.exec_params(std::string{"SELECT "} + run_columns
                               + " FROM upwork_sync_runs WHERE workspace_id = $1 AND organization_id = $2"
                                 " AND ($3::bigint IS NULL OR id < $3) ORDER BY id DESC LIMIT $4",
                             workspace_id, organization_id, before, limit);
  std::vector<run> out;
  out.reserve(rows.size());
  for (const auto& row : rows)
    out.push_back(from_row(row));
  return out;
}

std::int64_t prune(pqxx::transaction_base& tx, std::int64_t before_unix) {
  return tx.exec_params("DELETE FROM upwork_sync_runs WHERE finished_at < to_timestamp($1)", before_unix)
    .affected_rows();
}

} // namespace upsync::storage::sync_history
