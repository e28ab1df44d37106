// A contract's sync health on its cursor row (see sync_health.hpp).
#include "storage/sync_health.hpp"

#include "storage/pq_nullable.hpp"
#include "storage/sql_array.hpp"

#include <pqxx/pqxx>

namespace upsync::storage::sync_health {

namespace {

// One statement for any number of contracts. The last change of a contract wins
// (ordinality); rows go in key order, as the writer's cursor upsert takes them, so the two
// never wait on each other in opposite orders. A contract without a cursor never
// committed anything: no success to record at its first failure.
constexpr const char* record_changes =
  "INSERT INTO upwork_sync_cursors AS k (workspace_id, contract_id, failures_in_a_row,"
  "                                      last_error_code, last_error, last_error_at, last_success_at)"
  " SELECT v.workspace_id, v.contract_id, v.failures,"
  "        CASE WHEN v.failures > 0 THEN v.code END, CASE WHEN v.failures > 0 THEN v.message END,"
  "        CASE WHEN v.failures > 0 THEN now() END,"
  "        CASE WHEN v.failures = 0 THEN now() END"
  " FROM (SELECT DISTINCT ON (workspace_id, contract_id) *"
  "       FROM unnest($1::bigint[], $2::text[], $3::integer[], $4::text[], $5::text[])"
  "            WITH ORDINALITY AS u(workspace_id, contract_id, failures, code, message, ord)"
  "       ORDER BY workspace_id, contract_id, ord DESC) v"
  " JOIN upwork_contracts c ON c.workspace_id = v.workspace_id AND c.id = v.contract_id"
  " ORDER BY v.workspace_id, v.contract_id"
  " ON CONFLICT (workspace_id, contract_id) DO UPDATE SET"
  "   failures_in_a_row = EXCLUDED.failures_in_a_row,"
  "   last_error_code = CASE WHEN EXCLUDED.failures_in_a_row > 0 THEN EXCLUDED.last_error_code"
  "                     ELSE k.last_error_code END,"
  "   last_error = CASE WHEN EXCLUDED.failures_in_a_row > 0 THEN EXCLUDED.last_error ELSE k.last_error END,"
  "   last_error_at = CASE WHEN EXCLUDED.failures_in_a_row > 0 THEN EXCLUDED.last_error_at"
  "                   ELSE k.last_error_at END,"
  "   last_success_at = CASE WHEN EXCLUDED.failures_in_a_row = 0 THEN now()"
  "                     WHEN k.failures_in_a_row = 0"
  "                       THEN GREATEST(k.last_success_at, k.last_synced_at,"
  "                                     (SELECT o.last_synced_at FROM upwork_contracts c"
  "                                      JOIN upwork_organizations o ON o.workspace_id = c.workspace_id"
  "                                       AND o.id = c.organization_id"
  "                                      WHERE c.workspace_id = k.workspace_id AND c.id = k.contract_id))"
  "                     ELSE k.last_success_at END";

} // namespace

void record(pqxx::transaction_base& tx, const std::vector<change>& changes) {
  if (changes.empty())
    return;
  std::vector<std::string> workspaces, contracts, failures, codes, messages;
  for (const auto& c : changes) {
    workspaces.push_back(std::to_string(c.workspace_id));
    contracts.push_back(c.contract_id);
    failures.push_back(std::to_string(c.failures_in_a_row));
    codes.push_back(c.code);
    messages.push_back(c.message);
  }
  tx.exec_params0(record_changes, to_array_literal(workspaces), to_array_literal(contracts), to_array_literal(failures),
                  to_array_literal(codes), to_array_literal(messages));
}

contract_health read(pqxx::transaction_base& tx, db_id workspace_id, const std::string& contract_id) {
  auto rows = tx.exec_params(std::string{"SELECT k.failures_in_a_row, k.last_error_code, k.last_error,"
                                         " extract(epoch FROM k.last_error_at)::bigint,"
                                         " extract(epoch FROM "}
                               + last_success_sql
                               + ")::bigint"
                                 " FROM upwork_sync_cursors k"
                                 " JOIN upwork_contracts c ON c.workspace_id = k.workspace_id AND c.id = k.contract_id"
                                 " JOIN upwork_organizations o ON o.workspace_id = c.workspace_id"
                                 "  AND o.id = c.organization_id"
                                 " WHERE k.workspace_id = $1 AND k.contract_id = $2",
                             workspace_id, contract_id);
  contract_health out;
  if (rows.empty())
    return out;
  const auto& r = rows[0];
  out.failures_in_a_row = r[0].as<int>();
  if (!r[1].is_null() && !r[3].is_null())
    out.error = last_error{r[1].as<std::string>(), r[2].is_null() ? std::string{} : r[2].as<std::string>(),
                           r[3].as<std::int64_t>()};
  out.last_success_at = nullable<std::int64_t>(r[4]);
  return out;
}

} // namespace upsync::storage::sync_health
