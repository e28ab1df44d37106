// The discovery state of a connection (see connection_discovery.hpp).
#include "storage/connection_discovery.hpp"

#include "domain/calendar.hpp"
#include "storage/upwork_organizations_store.hpp"

#include <pqxx/pqxx>

namespace upsync::storage {

namespace {

constexpr std::size_t max_error_bytes = 300;

// Holds the connection's row until commit, so a disconnect waits for (or wins over) a
// discovery being saved; true when it is active.
bool lock_active(pqxx::transaction_base& tx, db_id workspace_id, db_id connection_id) {
  auto rows = tx.exec_params("SELECT status FROM upwork_connections WHERE workspace_id = $1 AND id = $2 FOR UPDATE",
                             workspace_id, connection_id);
  return !rows.empty() && rows[0][0].as<std::string>() == "active";
}

} // namespace

void mark_discovery_pending(pqxx::transaction_base& tx, db_id workspace_id, db_id connection_id) {
  tx.exec_params0("UPDATE upwork_connections SET discovery_status = 'pending', discovery_error = NULL,"
                  " updated_at = now() WHERE workspace_id = $1 AND id = $2",
                  workspace_id, connection_id);
}

std::optional<discovery_counts> save_connection_discovery(pqxx::transaction_base& tx, db_id workspace_id,
                                                          db_id connection_id,
                                                          const std::vector<domain::organization_snapshot>& found,
                                                          std::int64_t now) {
  if (!lock_active(tx, workspace_id, connection_id))
    return std::nullopt;
  auto counts = save_discovery(tx, workspace_id, connection_id, found, domain::day_of(now), now);
  // What connect read is as fresh as a refresh: the engine need not read it again at once.
  for (const auto& org : found)
    upwork_store::set_refresh_status(tx, workspace_id, org.id, "idle", now);
  tx.exec_params0("UPDATE upwork_connections SET discovery_status = 'done', discovery_error = NULL,"
                  " discovered_at = to_timestamp($3), discovery_failures = 0, updated_at = now()"
                  " WHERE workspace_id = $1 AND id = $2",
                  workspace_id, connection_id, now);
  return counts;
}

std::optional<std::int32_t> mark_discovery_failed(pqxx::transaction_base& tx, db_id workspace_id, db_id connection_id,
                                                  const std::string& error) {
  if (!lock_active(tx, workspace_id, connection_id))
    return std::nullopt;
  auto rows = tx.exec_params("UPDATE upwork_connections SET discovery_status = 'failed', discovery_error = $3,"
                             " discovery_failures = discovery_failures + 1, updated_at = now()"
                             " WHERE workspace_id = $1 AND id = $2 RETURNING discovery_failures",
                             workspace_id, connection_id, error.substr(0, max_error_bytes));
  return rows[0][0].as<std::int32_t>();
}

std::vector<discovery_due> list_discovery_due(pqxx::transaction_base& tx, std::optional<db_id> connection_id) {
  auto rows = tx.exec_params("SELECT workspace_id, id, encode(access_token_enc, 'hex'), discovery_failures"
                             " FROM upwork_connections"
                             " WHERE status = 'active' AND discovery_status IN ('pending', 'failed')"
                             " AND access_token_enc IS NOT NULL"
                             " AND ($1::bigint IS NULL OR id = $1::bigint) ORDER BY id",
                             connection_id ? std::optional<std::string>{std::to_string(*connection_id)} : std::nullopt);
  std::vector<discovery_due> out;
  for (const auto& r : rows)
    out.push_back({r[0].as<db_id>(), r[1].as<db_id>(), r[2].as<std::string>(), r[3].as<std::int32_t>()});
  return out;
}

bool forget_tokens(pqxx::transaction_base& tx, db_id workspace_id, db_id connection_id) {
  auto rows = tx.exec_params("UPDATE upwork_connections SET access_token_enc = NULL, refresh_token_enc = NULL,"
                             " access_expires_at = NULL, updated_at = now()"
                             " WHERE workspace_id = $1 AND id = $2 RETURNING id",
                             workspace_id, connection_id);
  return !rows.empty();
}

} // namespace upsync::storage
