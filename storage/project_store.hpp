// Projects of a workspace.
#pragma once

#include "storage/records.hpp"

#include <optional>
#include <vector>

#include <pqxx/types.hxx>

namespace upsync::storage::project_store {

/// Throws duplicate_error when the workspace already has a project of that name.
project_record create(pqxx::transaction_base& tx, db_id workspace_id, const std::string& name,
                      const std::optional<std::string>& client_name, bool billable);
std::optional<project_record> find(pqxx::transaction_base& tx, db_id workspace_id, db_id id);
std::vector<project_record> list(pqxx::transaction_base& tx, db_id workspace_id);

} // namespace upsync::storage::project_store
