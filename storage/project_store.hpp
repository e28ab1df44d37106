// Projects of a workspace.
#pragma once

#include "domain/use_cases/wizard_confirm.hpp"
#include "storage/records.hpp"

#include <optional>
#include <vector>

#include <pqxx/types.hxx>

namespace upsync::storage::project_store {

/// Throws duplicate_error when the workspace already has a project of that name.
project_record create(pqxx::transaction_base& tx, db_id workspace_id, const std::string& name,
                      const std::optional<std::string>& client_name, bool billable);
/// Creates `projects` in one statement; answers, in their order, the new project's id, or
/// none where the workspace has a project of that name already (that one is skipped).
std::vector<std::optional<db_id>> create_many(pqxx::transaction_base& tx, db_id workspace_id,
                                              const std::vector<domain::project_to_create>& projects);
/// What PATCH /api/v1/projects/{id} changes; none of a field leaves it as it is.
struct project_patch {
  std::optional<std::string> name;
  std::optional<std::optional<std::string>> client_name; ///< a value, or cleared
  std::optional<bool> billable;
  std::optional<bool> archived;
};
/// The project as changed; none when the workspace has no such project. Throws
/// duplicate_error when another project has the new name (nothing changed).
std::optional<project_record> update(pqxx::transaction_base& tx, db_id workspace_id, db_id id,
                                     const project_patch& patch);
std::optional<project_record> find(pqxx::transaction_base& tx, db_id workspace_id, db_id id);
std::vector<project_record> list(pqxx::transaction_base& tx, db_id workspace_id);

} // namespace upsync::storage::project_store
