// Why a contract syncs or not (see contract_diagnosis.hpp).
#include "storage/contract_diagnosis.hpp"

#include "domain/billing_week.hpp"
#include "storage/sync_health.hpp"

#include <pqxx/pqxx>

namespace upsync::storage::contract_diagnosis {

std::optional<std::int64_t> closing_until(const contract_facts& f, std::int64_t now) {
  if (f.status == "active" || !f.was_syncing || !domain::billing_week::in_closing_grace(f.status_changed_at, now))
    return std::nullopt;
  return domain::billing_week::closing_grace_end(f.status_changed_at);
}

diagnosis diagnose(const contract_facts& f, std::int64_t now) {
  diagnosis d;
  auto& reasons = d.reasons;
  d.closing_until = closing_until(f, now);
  if (!f.organization_selected)
    reasons.emplace_back("organization_not_selected");
  if (f.connection_status == "needs_reauth")
    reasons.emplace_back("connection_needs_reauth");
  else if (f.connection_status == "disconnected")
    reasons.emplace_back("connection_disconnected");
  if (!f.user_sync)
    reasons.emplace_back("user_sync_off");
  if (!f.member_mapped)
    reasons.emplace_back("member_not_mapped");
  if (!f.contract_sync)
    reasons.emplace_back("contract_sync_off");
  if (!f.has_project)
    reasons.emplace_back("no_project");
  if (f.status != "active" && !d.closing_until)
    reasons.emplace_back("contract_not_active");
  if (f.kind != "hourly")
    reasons.emplace_back("fixed_price");
  if (!f.confirmed)
    reasons.emplace_back("not_confirmed");
  if (f.failures_in_a_row >= sync_health::failing_after)
    reasons.emplace_back("sync_failing");
  return d;
}

std::vector<contract_facts> load_facts(pqxx::transaction_base& tx, db_id workspace_id, const facts_filter& filter) {
  auto rows =
    tx.exec_params("SELECT c.organization_id, c.id, o.selected, k.status, u.sync, u.member_id IS NOT NULL, c.sync,"
                   "       c.project_id IS NOT NULL, c.status, c.kind, c.confirmed_at IS NOT NULL,"
                   "       s.contract_id IS NOT NULL, extract(epoch FROM c.status_changed_at)::bigint,"
                   "       COALESCE(s.failures_in_a_row, 0)"
                   " FROM upwork_contracts c"
                   " LEFT JOIN upwork_sync_cursors s ON s.workspace_id = c.workspace_id AND s.contract_id = c.id"
                   " JOIN upwork_users u ON u.workspace_id = c.workspace_id"
                   "  AND u.organization_id = c.organization_id AND u.upwork_user_id = c.upwork_user_id"
                   " JOIN upwork_organizations o ON o.workspace_id = c.workspace_id AND o.id = c.organization_id"
                   " JOIN upwork_connections k ON k.workspace_id = o.workspace_id AND k.id = o.connection_id"
                   " WHERE c.workspace_id = $1 AND ($2::text IS NULL OR c.id = $2::text) AND (o.selected OR NOT $3)"
                   " ORDER BY c.organization_id, c.id",
                   workspace_id, filter.contract_id, filter.selected_organizations_only);
  std::vector<contract_facts> out;
  out.reserve(rows.size());
  for (const auto& r : rows)
    out.push_back(contract_facts{r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<bool>(),
                                 r[3].as<std::string>(), r[4].as<bool>(), r[5].as<bool>(), r[6].as<bool>(),
                                 r[7].as<bool>(), r[8].as<std::string>(), r[9].as<std::string>(), r[10].as<bool>(),
                                 r[11].as<bool>(), r[12].as<std::int64_t>(), r[13].as<int>()});
  return out;
}

} // namespace upsync::storage::contract_diagnosis
