// The status dashboard's rows (see upwork_status_store.hpp).
#include "storage/upwork_status_store.hpp"

#include "storage/pq_nullable.hpp"
#include "storage/sql_array.hpp"

#include <pqxx/pqxx>

#include <algorithm>
#include <utility>

namespace upsync::storage::upwork_status_store {

std::vector<contract_status> contracts(pqxx::transaction_base& tx, db_id workspace_id,
                                       const std::vector<std::string>& contract_ids) {
  if (contract_ids.empty())
    return {};
  // Hours "today" are counted from midnight in the workspace's time zone, not UTC's. A
  // contract failing for sync_health::failing_after cycles in a row shows import state
  // failed; its cursor keeps the import's own progress for when it recovers.
  auto rows = tx.exec_params(
    std::string{
      "WITH today AS ("
      "  SELECT date_trunc('day', now() AT TIME ZONE w.timezone) AT TIME ZONE w.timezone AS since"
      "  FROM workspaces w WHERE w.id = $1"
      "),"
      // Today's intervals of the workspace, summed once by contract (a range of the
      // (workspace_id, started_at) index), rather than one index probe per listed contract.
      " hours AS ("
      "  SELECT t.upwork_contract_id AS contract_id, sum(t.seconds) AS seconds"
      "  FROM time_intervals t CROSS JOIN today"
      "  WHERE t.workspace_id = $1 AND t.upwork_contract_id IS NOT NULL"
      "    AND t.started_at >= today.since AND t.started_at < today.since + interval '1 day'"
      "  GROUP BY t.upwork_contract_id"
      ")"
      " SELECT c.organization_id, c.id, c.title, p.client_name, u.name, c.status, p.id, p.name,"
      "        round(COALESCE(h.seconds, 0)::numeric / 3600, 2)::text,"
      "        CASE WHEN k.failures_in_a_row >= $3 THEN 'failed' ELSE COALESCE(k.import_state, 'pending') END,"
      "        COALESCE(k.days_done, 0), COALESCE(k.days_total, 0),"
      "        k.last_error_code, k.last_error, extract(epoch FROM k.last_error_at)::bigint,"
      "        extract(epoch FROM "}
      + sync_health::last_success_sql
      + ")::bigint, COALESCE(k.failures_in_a_row, 0)"
        " FROM upwork_contracts c"
        " JOIN upwork_users u ON u.workspace_id = c.workspace_id"
        "  AND u.organization_id = c.organization_id AND u.upwork_user_id = c.upwork_user_id"
        " LEFT JOIN projects p ON p.workspace_id = c.workspace_id AND p.id = c.project_id"
        " JOIN upwork_organizations o ON o.workspace_id = c.workspace_id AND o.id = c.organization_id"
        " LEFT JOIN upwork_sync_cursors k ON k.workspace_id = c.workspace_id AND k.contract_id = c.id"
        " LEFT JOIN hours h ON h.contract_id = c.id"
        " WHERE c.workspace_id = $1 AND c.id = ANY($2::text[])"
        " ORDER BY c.organization_id, c.id",
    workspace_id, to_array_literal(contract_ids), sync_health::failing_after);
  std::vector<contract_status> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    out.push_back({r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::string>(), nullable<std::string>(r[3]),
                   r[4].as<std::string>(), r[5].as<std::string>(), nullable<db_id>(r[6]), nullable<std::string>(r[7]),
                   r[8].as<std::string>(), r[9].as<std::string>(), r[10].as<std::int64_t>(), r[11].as<std::int64_t>(),
                   std::nullopt, nullable<std::int64_t>(r[15]), r[16].as<std::int64_t>()});
    if (!r[12].is_null() && !r[14].is_null())
      out.back().last_error = sync_health::last_error{
        r[12].as<std::string>(), nullable<std::string>(r[13]).value_or(""), r[14].as<std::int64_t>()};
  }
  return out;
}

std::vector<recent_entry> recent_entries(pqxx::transaction_base& tx, db_id workspace_id,
                                         const std::vector<std::string>& contract_ids, int per_contract) {
  if (contract_ids.empty())
    return {};
  // Ordered here, not by PostgreSQL: with 5,000 contracts the 50,000 rows spill the sort
  // to disk (work_mem), and sorting them in memory takes milliseconds.
  auto rows = tx.exec_params(
    "SELECT k.id, e.started, e.ended, e.member_id, m.name, round(e.seconds::numeric / 3600, 2)::text, e.id"
    " FROM unnest($2::text[]) AS k(id)"
    " CROSS JOIN LATERAL (SELECT extract(epoch FROM t.started_at)::bigint AS started,"
    "          extract(epoch FROM t.ended_at)::bigint AS ended, t.member_id, t.seconds, t.id"
    "   FROM time_intervals t WHERE t.workspace_id = $1 AND t.upwork_contract_id = k.id"
    "   ORDER BY t.started_at DESC, t.id DESC LIMIT $3) e"
    " JOIN members m ON m.workspace_id = $1 AND m.id = e.member_id",
    workspace_id, to_array_literal(contract_ids), per_contract);
  std::vector<std::pair<recent_entry, db_id>> found; // with the interval id, the tie-break
  found.reserve(rows.size());
  for (const auto& r : rows)
    found.push_back({{r[0].as<std::string>(), r[1].as<std::int64_t>(), r[2].as<std::int64_t>(), r[3].as<db_id>(),
                      r[4].as<std::string>(), r[5].as<std::string>()},
                     r[6].as<db_id>()});
  std::sort(found.begin(), found.end(), [](const auto& x, const auto& y) {
    if (x.first.contract_id != y.first.contract_id)
      return x.first.contract_id < y.first.contract_id;
    if (x.first.started_at != y.first.started_at)
      return x.first.started_at > y.first.started_at;
    return x.second > y.second;
  });
  std::vector<recent_entry> out;
  out.reserve(found.size());
  for (auto& f : found)
    out.push_back(std::move(f.first));
  return out;
}

} // namespace upsync::storage::upwork_status_store
