// Workspaces, members and API tokens.
#pragma once

#include "storage/records.hpp"

#include <optional>
#include <string>
#include <vector>

#include <pqxx/types.hxx>

namespace upsync::storage::workspace_store {

workspace_record create_workspace(pqxx::transaction_base& tx, const std::string& name, const std::string& timezone);
std::optional<workspace_record> find_workspace(pqxx::transaction_base& tx, db_id id);

/// Throws duplicate_error when the email is already used in the workspace.
member_record create_member(pqxx::transaction_base& tx, db_id workspace_id, const std::string& name,
                            const std::string& email, role member_role);
/// A member to create in a batch.
struct new_member {
  std::string name;
  std::string email;
};
/// Creates `members` (each with `member_role`) in one statement; answers, in their order, the
/// new member's id, or none where the email is used in the workspace already (that one is
/// skipped, the others are created: the caller decides whether to roll back).
std::vector<std::optional<db_id>> create_members(pqxx::transaction_base& tx, db_id workspace_id,
                                                 const std::vector<new_member>& members, role member_role);
std::optional<member_record> find_member(pqxx::transaction_base& tx, db_id workspace_id, db_id id);
std::vector<member_record> list_members(pqxx::transaction_base& tx, db_id workspace_id);

/// The member with `new_role` (the caller checked domain::why_not_change).
member_record set_role(pqxx::transaction_base& tx, const member_record& m, role new_role);
/// The member deactivated (`active` false: their tokens stop authenticating) or active again.
member_record set_active(pqxx::transaction_base& tx, const member_record& m, bool active);
/// Locks the workspace's members against concurrent role changes until the transaction
/// ends, and answers how many active super admins it has.
std::int64_t lock_active_super_admins(pqxx::transaction_base& tx, db_id workspace_id);

/// An API token as its holder and managers see it: never the token itself.
struct token_record {
  db_id id;
  std::int64_t created_at;                ///< Unix seconds
  std::optional<std::int64_t> revoked_at; ///< Unix seconds
};
/// The member's tokens, newest first.
std::vector<token_record> list_tokens(pqxx::transaction_base& tx, db_id workspace_id, db_id member_id);
/// Revokes one of the member's tokens (again: no change); none when the member has no such token.
std::optional<token_record> revoke_token(pqxx::transaction_base& tx, db_id workspace_id, db_id member_id,
                                         db_id token_id);

/// Creates a token for the member and returns its plaintext; only its hash is stored.
std::string issue_token(pqxx::transaction_base& tx, db_id workspace_id, db_id member_id);

/// The member a bearer token belongs to, if the token is known and not revoked.
std::optional<member_record> authenticate(pqxx::transaction_base& tx, const std::string& token);

/// What api_tokens stores of a token: its SHA-256, in hex.
std::string token_hash_hex(const std::string& token);

/// For a read that authenticates in the statement it reads with (one round trip, and
/// never a stale answer: the token's row is read by that very statement): a CTE named
/// `caller` holding the member whose token hash (token_hash_hex) is $1, known and not
/// revoked, in the columns id, workspace_id, name, email, role.
extern const char* const caller_cte;

/// A member from a row's columns first..first+4 in caller_cte's order.
member_record member_from_row(const pqxx::row& row, int first = 0);

} // namespace upsync::storage::workspace_store
