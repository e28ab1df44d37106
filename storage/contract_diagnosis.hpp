// Why a contract syncs or not (F13), as a pure function over the facts of one contract,
// and the query that reads those facts for a whole workspace at once (the status
// dashboard) or for one contract (the diagnosis endpoint). What syncs is decided by
// sync_targets' query with the same rules; a test keeps the two in step.
#pragma once

#include "storage/records.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/types.hxx>

namespace upsync::storage::contract_diagnosis {

/// What decides whether a contract syncs, as stored.
struct contract_facts {
  std::string organization_id;
  std::string contract_id;
  bool organization_selected = false;
  std::string connection_status; ///< active | needs_reauth | disconnected
  bool user_sync = false;
  bool member_mapped = false;
  bool contract_sync = false;
  bool has_project = false;
  std::string status; ///< Upwork's: active | paused | closed
  std::string kind;   ///< hourly | fixed
  bool confirmed = false;
  /// The contract was syncing: it has a sync cursor, which confirm writes for the
  /// contracts that sync then and the engine for every contract it syncs. Only such a
  /// contract keeps syncing through its closing grace after it stops being active.
  bool was_syncing = false;
  std::int64_t status_changed_at = 0; ///< Unix seconds of the last change of `status`
  int failures_in_a_row = 0;          ///< failed sync cycles in a row (sync_health)
};

struct diagnosis {
  /// In this order: organization_not_selected, connection_needs_reauth,
  /// connection_disconnected, user_sync_off, member_not_mapped, contract_sync_off,
  /// no_project, contract_not_active, fixed_price, not_confirmed, sync_failing. Empty when
  /// it syncs; sync_failing (sync_health::failing_after failed cycles in a row) is the one
  /// reason a sync target can have.
  std::vector<std::string> reasons;
  /// Set while a paused or closed contract that was syncing still syncs the days Upwork
  /// can change: the end of its grace (billing_week::closing_grace_end), Unix seconds.
  /// contract_not_active is a reason only once the grace is over.
  std::optional<std::int64_t> closing_until;

  bool syncing() const { return reasons.empty(); }
};

/// The grace end when the contract is paused or closed, was syncing and its grace lasts
/// at `now`; nullopt otherwise (active contracts included).
std::optional<std::int64_t> closing_until(const contract_facts& facts, std::int64_t now);

/// Every reason that applies at `now` (F13).
diagnosis diagnose(const contract_facts& facts, std::int64_t now);

/// Which contracts to read facts of; every field narrows.
struct facts_filter {
  std::optional<std::string> contract_id;
  bool selected_organizations_only = false;
};

/// The facts of the workspace's contracts, ordered by organization, contract: one query.
std::vector<contract_facts> load_facts(pqxx::transaction_base& tx, db_id workspace_id, const facts_filter& filter = {});

} // namespace upsync::storage::contract_diagnosis
