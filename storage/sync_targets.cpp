// What syncs, in PostgreSQL (see sync_targets.hpp).
#include "storage/sync_targets.hpp"

#include "domain/billing_week.hpp"
#include "storage/contract_diagnosis.hpp"
#include "storage/upwork_store_detail.hpp"

#include <ctime>

#include <pqxx/pqxx>

namespace upsync::storage::upwork_store {

using detail::as_text;

namespace {

// The one definition of "syncs"; diagnose() reports each of these conditions separately.
constexpr const char* sync_target_query =
  "SELECT c.workspace_id, o.connection_id, o.id, o.type, c.id, c.upwork_user_id, u.member_id,"
  "       c.project_id, c.currency, c.status, extract(epoch FROM c.status_changed_at)::bigint,"
  "       c.rates_version"
  " FROM upwork_contracts c"
  " JOIN upwork_users u ON u.workspace_id = c.workspace_id"
  "  AND u.organization_id = c.organization_id AND u.upwork_user_id = c.upwork_user_id"
  " JOIN upwork_organizations o ON o.workspace_id = c.workspace_id AND o.id = c.organization_id"
  " JOIN upwork_connections k ON k.workspace_id = o.workspace_id AND k.id = o.connection_id"
  " WHERE k.status = 'active' AND o.selected AND u.sync AND u.member_id IS NOT NULL"
  "   AND c.sync AND c.project_id IS NOT NULL AND c.kind = 'hourly' AND c.confirmed_at IS NOT NULL"
  // Active, or paused/closed after syncing (a cursor) and still in its closing grace: $3 is
  // domain::billing_week::closing_grace_cutoff(now), the same rule as contract_diagnosis.
  "   AND (c.status = 'active'"
  "        OR (c.status_changed_at >= to_timestamp($3::bigint)"
  "            AND EXISTS (SELECT 1 FROM upwork_sync_cursors s"
  "                         WHERE s.workspace_id = c.workspace_id AND s.contract_id = c.id)))"
  "   AND ($1::bigint IS NULL OR c.workspace_id = $1::bigint)"
  "   AND ($2::text IS NULL OR c.organization_id = $2::text)"
  " ORDER BY c.workspace_id, o.id, c.id";

std::vector<sync_target> targets_from(const pqxx::result& rows) {
  std::vector<sync_target> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    std::optional<std::int64_t> closing_until;
    if (r[9].as<std::string>() != "active")
      closing_until = domain::billing_week::closing_grace_end(r[10].as<std::int64_t>());
    out.push_back(sync_target{r[0].as<db_id>(), r[1].as<db_id>(), r[2].as<std::string>(), r[3].as<std::string>(),
                              r[4].as<std::string>(), r[5].as<std::string>(), r[6].as<db_id>(), r[7].as<db_id>(),
                              r[8].as<std::string>(), closing_until, r[11].as<std::int64_t>()});
  }
  return out;
}

std::int64_t system_now() { return static_cast<std::int64_t>(std::time(nullptr)); }

} // namespace

std::vector<sync_target> list_sync_targets_at(pqxx::transaction_base& tx, std::int64_t now,
                                              std::optional<db_id> workspace_id,
                                              const std::optional<std::string>& organization_id) {
  return targets_from(tx.exec_params(sync_target_query, as_text(workspace_id), organization_id,
                                     domain::billing_week::closing_grace_cutoff(now)));
}

std::vector<sync_target> list_sync_targets(pqxx::transaction_base& tx) {
  return list_sync_targets_at(tx, system_now(), std::nullopt, std::nullopt);
}

std::vector<sync_target> list_sync_targets(pqxx::transaction_base& tx, db_id workspace_id) {
  return list_sync_targets_at(tx, system_now(), workspace_id, std::nullopt);
}

std::vector<sync_target> list_sync_targets(pqxx::transaction_base& tx, db_id workspace_id,
                                           const std::string& organization_id) {
  return list_sync_targets_at(tx, system_now(), workspace_id, organization_id);
}

std::optional<std::vector<std::string>> diagnose(pqxx::transaction_base& tx, db_id workspace_id,
                                                 const std::string& contract_id, std::optional<std::int64_t> now) {
  contract_diagnosis::facts_filter one;
  one.contract_id = contract_id;
  auto facts = contract_diagnosis::load_facts(tx, workspace_id, one);
  if (facts.empty())
    return std::nullopt;
  return contract_diagnosis::diagnose(facts[0], now.value_or(system_now())).reasons;
}

} // namespace upsync::storage::upwork_store
