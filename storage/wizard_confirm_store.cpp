#include "storage/wizard_confirm_store.hpp"

#include "storage/project_store.hpp"
#include "storage/sync_targets.hpp"
#include "storage/upwork_review_store.hpp"
#include "storage/workspace_store.hpp"

#include <pqxx/pqxx>

namespace upsync::storage {

std::vector<domain::member_to_create> wizard_confirm_store::members_to_create() {
  return upwork_review_store::members_to_create(tx_, workspace_id_);
}

std::optional<std::int64_t> wizard_confirm_store::create_member(const std::string& name, const std::string& email) {
  try {
    return workspace_store::create_member(tx_, workspace_id_, name, email, role::member).id;
  } catch (const duplicate_error&) {
    return std::nullopt; // the transaction is spoilt; the caller refuses and rolls back
  }
}

void wizard_confirm_store::member_created(const domain::member_to_create& user, std::int64_t member_id) {
  upwork_review_store::member_created(tx_, workspace_id_, user.organization_id, user.upwork_user_id, member_id);
}

std::vector<domain::project_to_create> wizard_confirm_store::projects_to_create() {
  return upwork_review_store::projects_to_create(tx_, workspace_id_);
}

std::optional<std::int64_t> wizard_confirm_store::create_project(const domain::project_to_create& project) {
  try {
    return project_store::create(tx_, workspace_id_, project.name, project.client_name, project.billable).id;
  } catch (const duplicate_error&) {
    return std::nullopt; // as in create_member
  }
}

void wizard_confirm_store::project_created(const std::string& contract_id, std::int64_t project_id) {
  upwork_review_store::project_created(tx_, workspace_id_, contract_id, project_id);
}

void wizard_confirm_store::lock_mappings() { upwork_review_store::lock_mappings(tx_, workspace_id_); }

std::set<std::string> wizard_confirm_store::confirm_contracts() {
  return upwork_review_store::confirm_contracts(tx_, workspace_id_);
}

std::vector<std::string> wizard_confirm_store::sync_targets() {
  std::vector<std::string> out;
  for (auto& t : upwork_store::list_sync_targets(tx_, workspace_id_))
    out.push_back(std::move(t.contract_id));
  return out;
}

void wizard_confirm_store::start_import_cursors(const std::vector<std::string>& contract_ids, int days_total) {
  upwork_review_store::start_import_cursors(tx_, workspace_id_, contract_ids, days_total);
}

} // namespace upsync::storage
