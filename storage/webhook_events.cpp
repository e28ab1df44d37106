#include "storage/webhook_events.hpp"

#include "common/json_writer.hpp"
#include "storage/sql_array.hpp"
#include "storage/webhooks.hpp"

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
  for (const auto& row : tx.exec_params("SELECT k.workspace_id, k.contract_id FROM upwork_sync_cursors k"
                                        " JOIN unnest($1::bigint[], $2::text[]) AS u(workspace_id, contract_id)"
                                        "   ON u.workspace_id = k.workspace_id AND u.contract_id = k.contract_id"
                                        " WHERE k.failures_in_a_row >= $3",
                                        to_array_literal(workspaces), to_array_literal(contracts),
                                        sync_health::failing_after))
    out.emplace(row[0].as<db_id>(), row[1].as<std::string>());
  return out;
}

void record(pqxx::transaction_base& tx, const std::vector<sync_history::run>& runs,
            const std::vector<sync_health::change>& changes,
            const std::set<std::pair<db_id, std::string>>& recovering, std::int64_t now) {
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
    webhooks::enqueue(tx, c.workspace_id, starts_failing ? "sync.failing" : "sync.recovered", std::move(w).str(),
                      now);
  }
}

} // namespace upsync::storage::webhook_events
