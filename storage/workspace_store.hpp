// Workspaces, members and API tokens.
#pragma once

#include "storage/records.hpp"

#include <optional>
#include <string>
#include <vector>

#include <pqxx/types.hxx>

namespace upsync::storage::workspace_store {

workspace_record create_workspace(pqxx::transaction_base& tx, const std::string& name,
                                  const std::string& timezone);
std::optional<workspace_record> find_workspace(pqxx::transaction_base& tx, db_id id);

/// Throws duplicate_error when the email is already used in the workspace.
member_record create_member(pqxx::transaction_base& tx, db_id workspace_id, const std::string& name,
                            const std::string& email, role member_role);
std::optional<member_record> find_member(pqxx::transaction_base& tx, db_id workspace_id, db_id id);
std::vector<member_record> list_members(pqxx::transaction_base& tx, db_id workspace_id);

/// Creates a token for the member and returns its plaintext; only its hash is stored.
std::string issue_token(pqxx::transaction_base& tx, db_id workspace_id, db_id member_id);

/// The member a bearer token belongs to, if the token is known and not revoked.
std::optional<member_record> authenticate(pqxx::transaction_base& tx, const std::string& token);

} // namespace upsync::storage::workspace_store
