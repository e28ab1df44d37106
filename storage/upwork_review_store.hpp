// Wizard step 3 (F6) in PostgreSQL: what the review shows (every decision of the selected
// organizations) and what "Start sync" writes (members and projects mapped, mappings
// locked, contracts confirmed, import cursors). Each list is one statement over every
// selected organization of the workspace; creating members and projects stays with
// workspace_store and project_store.
#pragma once

#include "domain/use_cases/wizard_confirm.hpp"
#include "storage/records.hpp"

#include <optional>
#include <set>
#include <string>
#include <vector>

#include <pqxx/types.hxx>

namespace upsync::storage::upwork_review_store {

/// An Upwork user that syncs with a member chosen, not yet locked by a confirm.
struct member_to_link {
  std::string organization_id;
  std::string upwork_user_id;
  db_id member_id;
};

using member_to_create = domain::member_to_create; ///< waits for confirm (domain/use_cases/wizard_confirm)

/// A contract the confirm starts (or started): sync on, its user syncing, a project chosen
/// or to create. Rates are the ones in force going forward (F10: which side is Upwork's
/// depends on the account type; the manager's override, when set, shows on that side).
struct contract_to_sync {
  std::string organization_id;
  std::string id;
  std::string title;
  std::optional<db_id> project_id;
  std::optional<std::string> project_name; ///< the project's, or the one to create
  std::optional<std::string> pay_rate;
  std::optional<std::string> bill_rate;
  std::string currency;
  bool confirmed;                ///< a confirm already started it
  std::string organization_type; ///< agency | client | freelancer
  /// Whether the project (chosen or to create) is billable; none without a project.
  std::optional<bool> billable;
};

using project_to_create = domain::project_to_create; ///< waits for confirm (domain/use_cases/wizard_confirm)

/// Ordered by organization, then Upwork user.
std::vector<member_to_link> members_to_link(pqxx::transaction_base& tx, db_id workspace_id);
std::vector<member_to_create> members_to_create(pqxx::transaction_base& tx, db_id workspace_id);
/// Ordered by organization, then contract.
std::vector<contract_to_sync> contracts_to_sync(pqxx::transaction_base& tx, db_id workspace_id);
/// Ordered by contract.
std::vector<project_to_create> projects_to_create(pqxx::transaction_base& tx, db_id workspace_id);

/// Maps each user to the member created for it and clears its "create new member" choice,
/// in one statement.
void members_created(pqxx::transaction_base& tx, db_id workspace_id, const std::vector<domain::member_mapped>& mapped);
/// Maps each contract to the project created for it and clears its inline choice, in one
/// statement.
void projects_created(pqxx::transaction_base& tx, db_id workspace_id,
                      const std::vector<domain::project_mapped>& mapped);

/// Locks what syncs: users with a member and sync on, and their syncing contracts with a
/// project, in the selected organizations.
void lock_mappings(pqxx::transaction_base& tx, db_id workspace_id);

/// Marks the contracts to sync (see contract_to_sync, project chosen) as confirmed; returns
/// the ones confirmed now. A contract stays confirmed through later edits.
std::set<std::string> confirm_contracts(pqxx::transaction_base& tx, db_id workspace_id);

/// Gives each listed contract a pending import cursor of `days_total` days unless it has
/// one; returns the contracts that got one now.
std::set<std::string> start_import_cursors(pqxx::transaction_base& tx, db_id workspace_id,
                                           const std::vector<std::string>& contract_ids, int days_total);

} // namespace upsync::storage::upwork_review_store
