// Use case: a manager edits or unlocks how an Upwork user maps to a workspace member
// (wizard step 2, F5). The rules live here; storage is reached through the narrow
// interface below (implemented in storage/user_mapping_edit_store).
#pragma once

#include "domain/use_cases/refusal.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace upsync::domain {

/// How an Upwork user maps to a workspace member; written whole.
struct user_mapping {
  std::optional<std::int64_t> member_id;
  std::optional<std::int64_t> suggested_member_id;
  std::string match = "none"; ///< exact | close | none
  bool sync = false;
  bool locked = false;
  std::optional<std::string> create_member_name; ///< "create new member" chosen
  std::optional<std::string> create_member_email;
};

/// What a user mapping edit reads and writes, for one workspace and organization.
class user_mapping_storage {
public:
  virtual ~user_mapping_storage() = default;
  struct mapped_user {
    std::string upwork_user_id;
    user_mapping mapping;
  };
  /// Every Upwork user of the organization with its mapping.
  virtual std::vector<mapped_user> users() = 0;
  virtual bool member_exists(std::int64_t member_id) = 0;
  /// Whether the workspace's member is active (not deactivated, issue 20).
  virtual bool member_active(std::int64_t member_id) = 0;
  virtual std::vector<std::string> member_emails() = 0;
  virtual void save(const std::string& upwork_user_id, const user_mapping& mapping) = 0;
  /// F5: every contract of the user stops syncing — one statement, whatever their number.
  virtual void stop_contracts_of(const std::string& upwork_user_id) = 0;
  /// Every contract of the user unlocks — one statement.
  virtual void unlock_contracts_of(const std::string& upwork_user_id) = 0;
};

/// PATCH of a user mapping. Each field: absent -> nullopt, null -> holds nullopt.
struct user_mapping_edit {
  struct new_member {
    std::string name;
    std::string email;
  };
  std::optional<std::optional<std::int64_t>> member_id;
  std::optional<std::optional<new_member>> create_member;
  std::optional<bool> sync;
};

/// Applies `edit` to `user` (as read in this transaction), or refuses it with nothing
/// written: a locked mapping, an unknown member, a member or email another user of the
/// organization has, an email a member has, sync on while unmapped. Mapping a person
/// switches their sync on, unmapping off; a user that stops syncing stops every contract.
std::optional<refusal> edit_user_mapping(user_mapping_storage& storage, const user_mapping_storage::mapped_user& user,
                                         const user_mapping_edit& edit);

/// The pencil: opens the user's whole row (member, projects and rates) for editing.
void unlock_user_mapping(user_mapping_storage& storage, const user_mapping_storage::mapped_user& user);

} // namespace upsync::domain
