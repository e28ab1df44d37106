// domain::wizard_confirm_storage in PostgreSQL: one workspace, inside the request's
// transaction (upwork_review_store, workspace_store, project_store, sync_targets): a batch
// of members or projects is one statement, so a confirm's round trips do not grow with it.
#pragma once

#include "domain/use_cases/wizard_confirm.hpp"
#include "storage/records.hpp"

#include <pqxx/types.hxx>

namespace upsync::storage {

class wizard_confirm_store final : public domain::wizard_confirm_storage {
public:
  wizard_confirm_store(pqxx::transaction_base& tx, db_id workspace_id) : tx_(tx), workspace_id_(workspace_id) {}

  std::vector<domain::member_to_create> members_to_create() override;
  std::vector<std::optional<std::int64_t>>
  create_members(const std::vector<domain::member_to_create>& members) override;
  void members_created(const std::vector<domain::member_mapped>& mapped) override;
  std::vector<domain::project_to_create> projects_to_create() override;
  std::vector<std::optional<std::int64_t>>
  create_projects(const std::vector<domain::project_to_create>& projects) override;
  void projects_created(const std::vector<domain::project_mapped>& mapped) override;
  void lock_mappings() override;
  std::set<std::string> confirm_contracts() override;
  std::vector<std::string> sync_targets() override;
  void start_import_cursors(const std::vector<std::string>& contract_ids, int days_total) override;

private:
  pqxx::transaction_base& tx_;
  db_id workspace_id_;
};

} // namespace upsync::storage
