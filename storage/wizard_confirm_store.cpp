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

std::vector<std::optional<std::int64_t>>
wizard_confirm_store::create_members(const std::vector<domain::member_to_create>& members) {
  std::vector<workspace_store::new_member> fresh;
  for (const auto& m : members)
    fresh.push_back({m.name, m.email});
  return workspace_store::create_members(tx_, workspace_id_, fresh, role::member);
}

void wizard_confirm_store::members_created(const std::vector<domain::member_mapped>& mapped) {
  upwork_review_store::members_created(tx_, workspace_id_, mapped);
}

std::vector<domain::project_to_create> wizard_confirm_store::projects_to_create() {
  return upwork_review_store::projects_to_create(tx_, workspace_id_);
}

std::vector<std::optional<std::int64_t>>
wizard_confirm_store::create_projects(const std::vector<domain::project_to_create>& projects) {
  return project_store::create_many(tx_, workspace_id_, projects);
}

void wizard_confirm_store::projects_created(const std::vector<domain::project_mapped>& mapped) {
  upwork_review_store::projects_created(tx_, workspace_id_, mapped);
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
