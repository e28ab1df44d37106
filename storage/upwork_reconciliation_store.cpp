// Reconciliation's reads (see upwork_reconciliation_store.hpp).
#include "storage/upwork_reconciliation_store.hpp"

#include "storage/sql_array.hpp"

#include <pqxx/pqxx>

namespace upsync::storage::upwork_reconciliation_store {

namespace {

// Per contract k and day of $2..$3 (day numbers) with anything to say: Upwork's total,
// the ledger's cells in each measure, and the status (the header's rule, kept here once
// for the contract's page and the dashboard's count alike). Each contract reads its own
// days through the primary keys of upwork_reported_days and upwork_cells, so the cost
// follows the days asked for, never the size of the ledger. $4: the pending tolerance.
// The caller appends the condition that picks the contracts k of workspace $1.
constexpr const char* contract_day_facts =
  "SELECT k.organization_id, k.id, f.day, f.upwork, f.synced, f.removed, f.changed,"
  "       CASE WHEN f.changed > 0 THEN 'changed_locally' WHEN f.removed > 0 THEN 'removed_upstream'"
  "            WHEN f.upwork > f.synced + $4::integer THEN 'pending' ELSE 'match' END AS status"
  " FROM upwork_contracts k CROSS JOIN LATERAL ("
  "   SELECT x.day, sum(x.upwork)::bigint AS upwork, sum(x.synced)::bigint AS synced,"
  "          sum(x.removed)::bigint AS removed, sum(x.changed)::bigint AS changed"
  "   FROM (SELECT r.day - date '1970-01-01' AS day, r.seconds AS upwork, 0 AS synced, 0 AS removed, 0 AS changed"
  "         FROM upwork_reported_days r"
  "         WHERE r.workspace_id = k.workspace_id AND r.contract_id = k.id AND r.seconds > 0"
  "           AND r.day BETWEEN date '1970-01-01' + $2::integer AND date '1970-01-01' + $3::integer"
  "         UNION ALL"
  "         SELECT floor(extract(epoch FROM c.cell_start) / 86400)::integer, 0,"
  "                CASE WHEN i.id IS NOT NULL AND i.edited_at IS NULL THEN 600 ELSE 0 END,"
  "                CASE WHEN c.vanished_at IS NOT NULL THEN 600 ELSE 0 END,"
  "                CASE WHEN i.id IS NULL OR i.edited_at IS NOT NULL THEN 600 ELSE 0 END"
  "         FROM upwork_cells c LEFT JOIN time_intervals i ON i.id = c.interval_id"
  "         WHERE c.workspace_id = k.workspace_id AND c.contract_id = k.id"
  "           AND c.cell_start >= to_timestamp($2::bigint * 86400)"
  "           AND c.cell_start < to_timestamp(($3::bigint + 1) * 86400)) x"
  "   GROUP BY x.day) f"
  " WHERE k.workspace_id = $1 AND ";

std::string facts_where(const char* condition) { return std::string{contract_day_facts} + condition; }

} // namespace

bool contract_exists(pqxx::transaction_base& tx, db_id workspace_id, const std::string& contract_id) {
  return !tx.exec_params("SELECT 1 FROM upwork_contracts WHERE workspace_id = $1 AND id = $2", workspace_id,
                         contract_id)
            .empty();
}

std::vector<contract_day> contract_days(pqxx::transaction_base& tx, db_id workspace_id, const std::string& contract_id,
                                        std::int64_t first, std::int64_t last) {
  std::vector<contract_day> out;
  if (last < first)
    return out;
  out.reserve(static_cast<std::size_t>(last - first + 1));
  for (auto day = first; day <= last; ++day)
    out.push_back(contract_day{day});
  static const auto sql = facts_where("k.id = $5");
  for (const auto& row : tx.exec_params(sql, workspace_id, first, last, pending_tolerance_seconds, contract_id)) {
    auto& d = out[static_cast<std::size_t>(row[2].as<std::int64_t>() - first)];
    d.upwork_seconds = row[3].as<std::int64_t>();
    d.synced_seconds = row[4].as<std::int64_t>();
    d.removed_upstream_seconds = row[5].as<std::int64_t>();
    d.changed_locally_seconds = row[6].as<std::int64_t>();
    d.status = row[7].as<std::string>();
  }
  return out;
}

std::map<std::string, std::int64_t> mismatches_by_organization(pqxx::transaction_base& tx, db_id workspace_id,
                                                               const std::vector<std::string>& organization_ids,
                                                               std::int64_t first, std::int64_t last) {
  std::map<std::string, std::int64_t> out;
  if (organization_ids.empty() || last < first)
    return out;
  static const auto sql = "SELECT organization_id, count(*) FROM (" + facts_where("k.organization_id = ANY($5::text[])")
                          + ") d WHERE status <> 'match' GROUP BY organization_id";
  for (const auto& row :
       tx.exec_params(sql, workspace_id, first, last, pending_tolerance_seconds, to_array_literal(organization_ids)))
    out[row[0].as<std::string>()] = row[1].as<std::int64_t>();
  return out;
}

} // namespace upsync::storage::upwork_reconciliation_store
