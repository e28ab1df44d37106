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

/// What a confirm reads and writes, for one workspace.
class wizard_confirm_storage {
public:
  virtual ~wizard_confirm_storage() = default;
  virtual std::vector<member_to_create> members_to_create() = 0;
  /// The new member's id; none when a member has this email already.
  virtual std::optional<std::int64_t> create_member(const std::string& name, const std::string& email) = 0;
  virtual void member_created(const member_to_create& user, std::int64_t member_id) = 0;
  virtual std::vector<project_to_create> projects_to_create() = 0;
  /// The new project's id; none when a project has this name already.
  virtual std::optional<std::int64_t> create_project(const project_to_create& project) = 0;
  virtual void project_created(const std::string& contract_id, std::int64_t project_id) = 0;
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
