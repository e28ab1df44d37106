// Which contracts sync now (the one definition of "syncs") and, for one that does not,
// why (F13).
#pragma once

#include "storage/records.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/types.hxx>

namespace upsync::storage::upwork_store {

// Times are Unix seconds; dates are day numbers (days since 1970-01-01, UTC); money is
// decimal text ("25.00"). Status-like fields are the schema's words, validated here:
// an unknown word throws std::invalid_argument before anything is sent.

/// A contract that syncs now, with what its intervals are assigned to.
struct sync_target {
  db_id workspace_id;
  db_id connection_id;
  std::string organization_id;
  std::string organization_type; ///< agency | client | freelancer (decides rate sides, F10)
  std::string contract_id;
  std::string upwork_user_id;
  db_id member_id;
  db_id project_id;
  std::string currency;
  /// Paused or closed but still in its closing grace (billing_week): when the grace ends
  /// (Unix seconds). Meanwhile it syncs only days Upwork can still change.
  std::optional<std::int64_t> closing_until;
  /// Bumped by every change of the manager's rates (upwork_rate_store): the rates read
  /// with this target are those of this version.
  std::int64_t rates_version = 0;
};

/// Every contract that should sync, in every workspace (the engine's start): connection
/// active, organization selected, user sync on with a member mapped, contract sync on with
/// a project, hourly, confirmed in wizard step 3, and active — or paused or closed after it
/// was syncing (it has a sync cursor) while its closing grace lasts (billing_week: until
/// the week of its last change of status locks). Ordered by workspace, organization,
/// contract. These overloads judge the grace by the system clock.
std::vector<sync_target> list_sync_targets(pqxx::transaction_base& tx);
/// The same for one workspace (the status dashboard, the wizard's confirm): one query
/// rather than one per organization, each of which joins every contract of the workspace.
std::vector<sync_target> list_sync_targets(pqxx::transaction_base& tx, db_id workspace_id);
/// The same for one organization (after a mapping change or a refresh).
std::vector<sync_target> list_sync_targets(pqxx::transaction_base& tx, db_id workspace_id,
                                           const std::string& organization_id);
/// The same at `now` (Unix seconds; the engine's clock), in every workspace or the one
/// named, and optionally one organization.
std::vector<sync_target> list_sync_targets_at(pqxx::transaction_base& tx, std::int64_t now,
                                              std::optional<db_id> workspace_id,
                                              const std::optional<std::string>& organization_id);

/// Why a contract does not sync (F13). Reasons, in this order: organization_not_selected,
/// connection_needs_reauth, connection_disconnected, user_sync_off, member_not_mapped,
/// contract_sync_off, no_project, contract_not_active, fixed_price, not_confirmed,
/// sync_failing. sync_failing (its last sync_health::failing_after or more cycles failed in
/// a row) is the one reason a syncing contract can have; the others are empty exactly when
/// list_sync_targets lists it. nullopt when there is no such contract.
/// contract_not_active only once a closing grace is over (contract_diagnosis, which the
/// status dashboard uses for many contracts at once). `now`: Unix seconds, empty = system clock.
std::optional<std::vector<std::string>> diagnose(pqxx::transaction_base& tx, db_id workspace_id,
                                                 const std::string& contract_id,
                                                 std::optional<std::int64_t> now = std::nullopt);

} // namespace upsync::storage::upwork_store
