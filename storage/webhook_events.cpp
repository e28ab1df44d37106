#include "storage/webhook_events.hpp"

#include "common/json_writer.hpp"
#include "common/time_format.hpp"
#include "storage/sql_array.hpp"
#include "storage/upwork_reconciliation_store.hpp"
#include "storage/webhooks.hpp"

#include <algorithm>
#include <map>
#include <pqxx/pqxx>

namespace upsync::storage::webhook_events {

std::set<std::pair<db_id, std::string>> failing_before(pqxx::transaction_base& tx,
                                                       const std::vector<sync_health::change>& changes) {
  std::vector<std::string> workspaces, contracts;
  for (const auto& c : changes)
    if (c.failures_in_a_row == 0) {
      workspaces.push_back(std::to_string(c.workspace_id));
      contracts.push_back(c.contract_id);
    }
  std::set<std::pair<db_id, std::string>> out;
  if (contracts.empty())
    return out;
  for (const auto& row :
       tx.exec_params("SELECT k.workspace_id, k.contract_id FROM upwork_sync_cursors k"
                      " JOIN unnest($1::bigint[], $2::text[]) AS u(workspace_id, contract_id)"
                      "   ON u.workspace_id = k.workspace_id AND u.contract_id = k.contract_id"
                      " WHERE k.failures_in_a_row >= $3",
                      to_array_literal(workspaces), to_array_literal(contracts), sync_health::failing_after))
    out.emplace(row[0].as<db_id>(), row[1].as<std::string>());
  return out;
}

void record(pqxx::transaction_base& tx, const std::vector<sync_history::run>& runs,
            const std::vector<sync_health::change>& changes, const std::set<std::pair<db_id, std::string>>& recovering,
            std::int64_t now) {
  for (const auto& r : runs) {
    if (r.kind != "import" || r.result != "succeeded")
      continue;
    json::writer w;
    w.begin_object()
      .field("organization_id", r.organization_id)
      .field("contract_days_read", r.contract_days_read)
      .field("cells_written", r.cells_written)
      .field("intervals_written", r.intervals_written)
      .end_object();
    webhooks::enqueue(tx, r.workspace_id, "import.completed", std::move(w).str(), now);
  }
  for (const auto& c : changes) {
    const bool starts_failing = c.failures_in_a_row == sync_health::failing_after;
    const bool recovers = c.failures_in_a_row == 0 && recovering.count({c.workspace_id, c.contract_id});
    if (!starts_failing && !recovers)
      continue;
    json::writer w;
    w.begin_object().field("contract_id", c.contract_id);
    if (starts_failing)
      w.field("failures_in_a_row", c.failures_in_a_row).field("code", c.code).field("message", c.message);
    w.end_object();
    webhooks::enqueue(tx, c.workspace_id, starts_failing ? "sync.failing" : "sync.recovered", std::move(w).str(), now);
  }
}

void reconciliation(pqxx::transaction_base& tx, const std::vector<upwork_store::organization_key>& organizations,
                    std::int64_t today, std::int64_t now) {
  std::map<db_id, std::vector<std::string>> by_workspace;
  for (const auto& k : organizations)
    by_workspace[k.workspace_id].push_back(k.organization_id);
  if (by_workspace.empty())
    return;
  // Only workspaces with a webhook for it pay for the reconciliation query: which, in one
  // statement (a flush names the organizations of a second, across many workspaces).
  std::vector<std::string> workspaces;
  for (const auto& [ws, ids] : by_workspace)
    workspaces.push_back(std::to_string(ws));
  std::set<db_id> listening;
  for (const auto& row : tx.exec_params("SELECT DISTINCT workspace_id FROM webhook_endpoints"
                                        " WHERE workspace_id = ANY($1::bigint[]) AND deleted_at IS NULL"
                                        "   AND 'reconciliation.mismatch' = ANY(events)",
                                        to_array_literal(workspaces)))
    listening.insert(row[0].as<db_id>());
  const auto first = today - upwork_reconciliation_store::default_days + 1;
  for (auto& [ws, ids] : by_workspace) {
    if (!listening.count(ws))
      continue;
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    auto counts = upwork_reconciliation_store::mismatches_by_organization(tx, ws, ids, first, today);
    std::vector<std::string> counted; // in the order of ids; 0 for an organization without any
    counted.reserve(ids.size());
    for (const auto& id : ids) {
      auto it = counts.find(id);
      counted.push_back(std::to_string(it == counts.end() ? 0 : it->second));
    }
    for (const auto& row :
         tx.exec_params("UPDATE upwork_organizations o SET reconciliation_mismatches_notified = n.count"
                        " FROM (SELECT u.id, u.count, p.reconciliation_mismatches_notified AS before"
                        "       FROM unnest($2::text[], $3::bigint[]) AS u(id, count)"
                        "       JOIN upwork_organizations p ON p.workspace_id = $1 AND p.id = u.id"
                        "       FOR UPDATE OF p) n"
                        " WHERE o.workspace_id = $1 AND o.id = n.id"
                        "   AND o.reconciliation_mismatches_notified <> n.count"
                        " RETURNING o.id, n.count, n.before",
                        ws, to_array_literal(ids), to_array_literal(counted))) {
      auto count = row[1].as<std::int64_t>();
      if (count <= row[2].as<std::int64_t>())
        continue; // fewer than reported: nothing new to tell
      json::writer w;
      w.begin_object()
        .field("organization_id", row[0].as<std::string>())
        .field("mismatched_days", count)
        .field("from", time_format::format_date(first))
        .field("to", time_format::format_date(today))
        .end_object();
      webhooks::enqueue(tx, ws, "reconciliation.mismatch", std::move(w).str(), now);
    }
  }
}

} // namespace upsync::storage::webhook_events
