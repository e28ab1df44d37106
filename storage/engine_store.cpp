#include "storage/engine_store.hpp"

#include "common/encoding.hpp"
#include "storage/sql_array.hpp"
#include "storage/sync_targets.hpp"
#include "storage/upwork_connections_store.hpp"
#include "storage/upwork_discovery_writer.hpp"
#include "storage/upwork_organizations_store.hpp"
#include "storage/upwork_rate_history.hpp"
#include "storage/webhooks.hpp"

#include <ctime>
#include <pqxx/pqxx>
#include <set>

// The engine's view of the Upwork tables, built on upwork_store so that the rules of what
// syncs (list_sync_targets and its diagnosis) exist once.
namespace upsync::storage::engine_store {

namespace us = upwork_store;

namespace {

std::string unhex(const std::optional<std::string>& hex) {
  return hex ? encoding::from_hex(*hex).value_or(std::string{}) : std::string{};
}

connection_tokens from_record(const us::connection_record& r) {
  return connection_tokens{
    r.id, r.workspace_id, r.status, unhex(r.access_token_enc), unhex(r.refresh_token_enc), r.access_expires_at};
}

} // namespace

std::vector<connection_tokens> active_connections(pqxx::transaction_base& tx) {
  std::vector<connection_tokens> out;
  for (const auto& r : us::list_active_connections(tx))
    out.push_back(from_record(r));
  return out;
}

std::optional<connection_tokens> connection(pqxx::transaction_base& tx, db_id workspace_id, db_id connection_id) {
  auto r = us::find_connection(tx, workspace_id, connection_id);
  if (!r)
    return std::nullopt;
  return from_record(*r);
}

std::vector<contract_plan> syncing_contracts(pqxx::transaction_base& tx, std::optional<db_id> workspace_id,
                                             const std::optional<std::string>& organization_id,
                                             std::optional<std::int64_t> now) {
  auto at = now ? *now : static_cast<std::int64_t>(std::time(nullptr));
  auto targets = workspace_id && organization_id ? us::list_sync_targets_at(tx, at, *workspace_id, *organization_id)
                                                 : us::list_sync_targets_at(tx, at, std::nullopt, std::nullopt);
  std::vector<contract_plan> out;
  std::map<std::pair<db_id, std::string>, std::size_t> index;
  std::set<std::pair<db_id, std::string>> organizations;
  for (const auto& t : targets) {
    if (workspace_id && t.workspace_id != *workspace_id)
      continue;
    index[{t.workspace_id, t.contract_id}] = out.size();
    organizations.insert({t.workspace_id, t.organization_id});
    out.push_back(contract_plan{t.workspace_id,
                                t.connection_id,
                                t.organization_id,
                                t.organization_type,
                                t.contract_id,
                                t.member_id,
                                t.project_id,
                                t.currency,
                                {},
                                t.closing_until,
                                t.rates_version});
  }
  auto add = [&](db_id ws, const std::vector<us::rate_row>& rates) {
    for (const auto& r : rates) {
      auto it = index.find({ws, r.contract_id});
      // A rate-less Upwork step says nothing (Upwork sent no amount); a rate-less step of
      // the manager's clears that side from its day.
      if (it != index.end() && (r.rate || r.side != "upwork"))
        out[it->second].rates.push_back(rate_entry{r.side, r.effective_from, r.rate});
    }
  };
  if (workspace_id && organization_id) {
    for (const auto& [ws, org] : organizations)
      add(ws, us::load_organization_rates(tx, ws, org));
  } else {
    // The whole load: one query per workspace, not per organization.
    std::set<db_id> workspaces;
    for (const auto& [ws, org] : organizations)
      workspaces.insert(ws);
    for (auto ws : workspaces)
      add(ws, us::load_workspace_rates(tx, ws));
  }
  return out;
}

std::vector<organization_plan> engine_organizations(pqxx::transaction_base& tx, std::optional<db_id> workspace_id,
                                                    const std::optional<std::string>& organization_id) {
  std::vector<organization_plan> out;
  for (const auto& o : us::list_engine_organizations(tx, workspace_id, organization_id))
    out.push_back(organization_plan{o.workspace_id, o.connection_id, o.id, o.type, o.last_refreshed_at});
  return out;
}

std::set<std::string> save_refresh(pqxx::transaction_base& tx, db_id workspace_id, db_id connection_id,
                                   const domain::organization_snapshot& found, std::int64_t today, std::int64_t now) {
  auto counts = save_discovery(tx, workspace_id, connection_id, {found}, today, now);
  us::set_refresh_status(tx, workspace_id, found.id, "idle", now);
  return counts.organizations_touched;
}

void mark_refresh_failed(pqxx::transaction_base& tx, db_id workspace_id, const std::string& organization_id) {
  us::set_refresh_status(tx, workspace_id, organization_id, "failed", std::nullopt);
}

std::map<std::string, synced_state> synced_states(pqxx::transaction_base& tx, db_id workspace_id,
                                                  const std::vector<std::string>& contract_ids,
                                                  std::int64_t first_day) {
  std::map<std::string, synced_state> out;
  if (contract_ids.empty())
    return out;
  auto ids = to_array_literal(contract_ids);
  auto days = tx.exec_params("SELECT contract_id, day - date '1970-01-01', seconds FROM upwork_day_totals"
                             " WHERE workspace_id = $1 AND contract_id = ANY($2::text[])"
                             "   AND day >= date '1970-01-01' + $3::integer ORDER BY contract_id, day",
                             workspace_id, ids, static_cast<std::int32_t>(first_day));
  for (const auto& r : days)
    out[r[0].c_str()].days.emplace_back(r[1].as<std::int64_t>(), r[2].as<std::int32_t>());
  auto cursors = tx.exec_params("SELECT contract_id, import_state = 'done', failures_in_a_row FROM upwork_sync_cursors"
                                " WHERE workspace_id = $1 AND contract_id = ANY($2::text[])"
                                "   AND (import_state = 'done' OR failures_in_a_row > 0)",
                                workspace_id, ids);
  for (const auto& r : cursors) {
    auto& state = out[r[0].c_str()];
    state.import_done = r[1].as<bool>();
    state.failures_in_a_row = r[2].as<int>();
  }
  return out;
}

void mark_needs_reauth(pqxx::transaction_base& tx, db_id workspace_id, db_id connection_id) {
  // With its webhook event (connection.needs_reauth) in the same transaction.
  webhooks::set_connection_status(tx, workspace_id, connection_id, "needs_reauth",
                                  static_cast<std::int64_t>(std::time(nullptr)));
}

void set_last_synced(pqxx::transaction_base& tx, const std::vector<organization_key>& organizations) {
  us::mark_organizations_synced(tx, organizations);
}

} // namespace upsync::storage::engine_store
