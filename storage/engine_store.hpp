// The sync engine's view of the Upwork tables (over upwork_store): the connections and
// contracts to sync at start, synced day totals, rotated tokens, connection status.
#pragma once

#include "domain/upwork_records.hpp"
#include "storage/records.hpp"
#include "storage/sync_targets.hpp"
#include "storage/upwork_connections_store.hpp"
#include "storage/upwork_organizations_store.hpp"

#include <map>
#include <optional>
#include <pqxx/types.hxx>
#include <set>
#include <string>
#include <vector>

namespace upsync::storage::engine_store {

struct connection_tokens {
  db_id id;
  db_id workspace_id;
  std::string status;                            ///< active | needs_reauth | disconnected
  std::string access_token_enc;                  ///< sealed bytes (see secrets.hpp), empty when none
  std::string refresh_token_enc;                 ///< sealed bytes, empty when none
  std::optional<std::int64_t> access_expires_at; ///< Unix seconds
};

struct rate_entry {
  std::string side; ///< upwork | upwork_override | pay | bill
  std::int64_t effective_from_day;
  /// Decimal text; none: the manager cleared the rate (or the override) from that day.
  std::optional<std::string> rate;
};

/// Everything a contract actor needs to sync one contract.
struct contract_plan {
  db_id workspace_id;
  db_id connection_id;
  std::string organization_id;
  std::string organization_type; ///< agency | client | freelancer
  std::string contract_id;
  db_id member_id;
  db_id project_id;
  std::string currency;
  std::vector<rate_entry> rates;
  /// Paused or closed, still in its closing grace: when the grace ends (Unix seconds).
  /// Meanwhile it re-reads only days Upwork can still change (billing_week).
  std::optional<std::int64_t> closing_until;
  /// The contract's rates_version when it was read (before `rates`, so never newer than
  /// them): the writer prices again what a later version changed (sync_writer).
  std::int64_t rates_version = 0;
};

/// An organization the engine keeps an actor for (selected, connection active).
struct organization_plan {
  db_id workspace_id;
  db_id connection_id;
  std::string organization_id;
  std::string organization_type;                 ///< agency | client | freelancer
  std::optional<std::int64_t> last_refreshed_at; ///< Unix seconds
};

/// Connections whose organizations may sync (status active).
std::vector<connection_tokens> active_connections(pqxx::transaction_base& tx);
std::optional<connection_tokens> connection(pqxx::transaction_base& tx, db_id workspace_id, db_id connection_id);

/// Contracts that sync now: connection active, organization selected, user and contract
/// sync on, member mapped, project chosen, hourly, confirmed, active or in its closing grace
/// (the rules of F13; the same as upwork_store::list_sync_targets and its diagnosis).
/// Optionally one organization only. `now`: the engine's clock (empty: the system's).
std::vector<contract_plan> syncing_contracts(pqxx::transaction_base& tx,
                                             std::optional<db_id> workspace_id = std::nullopt,
                                             const std::optional<std::string>& organization_id = std::nullopt,
                                             std::optional<std::int64_t> now = std::nullopt);

/// Selected organizations of active connections: all, or the one named.
std::vector<organization_plan> engine_organizations(pqxx::transaction_base& tx,
                                                    std::optional<db_id> workspace_id = std::nullopt,
                                                    const std::optional<std::string>& organization_id = std::nullopt);

/// A refresh from Upwork (F5) lands: upserts that keep every mapping (save_discovery),
/// then refresh_status idle and last_refreshed_at = `now`. Returns the organizations
/// whose rows changed.
std::set<std::string> save_refresh(pqxx::transaction_base& tx, db_id workspace_id, db_id connection_id,
                                   const domain::organization_snapshot& found, std::int64_t today, std::int64_t now);
/// A refresh failed: refresh_status failed, last_refreshed_at kept.
void mark_refresh_failed(pqxx::transaction_base& tx, db_id workspace_id, const std::string& organization_id);

/// What a contract has synced: reported seconds per day (ascending), whether its first
/// import finished and its failed cycles in a row (sync_health).
struct synced_state {
  std::vector<std::pair<std::int64_t, std::int32_t>> days;
  bool import_done = false;
  int failures_in_a_row = 0;
};

/// The synced state of many contracts (an organization's) in two queries, days from
/// `first_day` on; a contract with neither day totals nor a cursor is absent.
std::map<std::string, synced_state> synced_states(pqxx::transaction_base& tx, db_id workspace_id,
                                                  const std::vector<std::string>& contract_ids, std::int64_t first_day);

/// The grant is gone: its organizations stop syncing, every mapping stays.
void mark_needs_reauth(pqxx::transaction_base& tx, db_id workspace_id, db_id connection_id);

using upwork_store::organization_key;

/// Records now() as the last complete cycle of each organization, in one statement.
void set_last_synced(pqxx::transaction_base& tx, const std::vector<organization_key>& organizations);

} // namespace upsync::storage::engine_store
