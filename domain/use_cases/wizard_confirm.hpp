// Use case: wizard step 3's confirm (F6) — create the chosen members and projects, lock
// the mappings, confirm the contracts to sync and give each syncing contract its import
// cursor, all in the caller's one transaction. Storage is reached through the narrow
// interface below (implemented in storage/wizard_confirm_store).
#pragma once

#include "domain/clock.hpp"
#include "domain/use_cases/refusal.hpp"

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace upsync::domain {

/// An Upwork user whose "create new member" waits for confirm.
struct member_to_create {
  std::string organization_id;
  std::string upwork_user_id;
  std::string name;
  std::string email;
};

/// A contract whose inline project waits for confirm.
struct project_to_create {
  std::string contract_id;
  std::string name;
  std::optional<std::string> client_name;
  bool billable;
};

/// An Upwork user mapped to the member created for it.
struct member_mapped {
  std::string organization_id;
  std::string upwork_user_id;
  std::int64_t member_id;
};

/// A contract mapped to the project created for it.
struct project_mapped {
  std::string contract_id;
  std::int64_t project_id;
};

/// What a confirm reads and writes, for one workspace. Members and projects are created
/// and mapped in batches, so a confirm takes the same few statements whatever its size.
class wizard_confirm_storage {
public:
  virtual ~wizard_confirm_storage() = default;
  virtual std::vector<member_to_create> members_to_create() = 0;
  /// Creates a member for each of `members` (name, email); answers, in their order, the new
  /// member's id, or none where a member has that email already (the caller then refuses
  /// and rolls back).
  virtual std::vector<std::optional<std::int64_t>> create_members(const std::vector<member_to_create>& members) = 0;
  virtual void members_created(const std::vector<member_mapped>& mapped) = 0;
  virtual std::vector<project_to_create> projects_to_create() = 0;
  /// Creates each of `projects`; answers, in their order, the new project's id, or none
  /// where a project has that name already.
  virtual std::vector<std::optional<std::int64_t>> create_projects(const std::vector<project_to_create>& projects) = 0;
  virtual void projects_created(const std::vector<project_mapped>& mapped) = 0;
  virtual void lock_mappings() = 0;
  /// The contracts confirmed now (a contract confirmed once stays confirmed).
  virtual std::set<std::string> confirm_contracts() = 0;
  /// The contracts that sync now (the one definition in storage/sync_targets).
  virtual std::vector<std::string> sync_targets() = 0;
  /// A pending import cursor of `days_total` days for each contract that has none.
  virtual void start_import_cursors(const std::vector<std::string>& contract_ids, int days_total) = 0;
};

struct confirm_outcome {
  std::int64_t contracts_started = 0; ///< syncing contracts confirmed by this call
  /// A member's email or a project's name is taken: the caller rolls back what was written.
  std::optional<refusal> refused;
};

/// Confirms the wizard; the import window ends today by `clock` and spans `import_days`.
/// Rates are not checked: a contract missing a rate still starts (review warns of it).
confirm_outcome confirm_wizard(wizard_confirm_storage& storage, const wall_clock& clock, int import_days);

} // namespace upsync::domain
