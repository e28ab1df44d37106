#include "storage/user_mapping_edit_store.hpp"

#include "storage/upwork_mapping_store.hpp"
#include "storage/workspace_store.hpp"

#include <pqxx/pqxx>

namespace upsync::storage {

std::vector<domain::user_mapping_storage::mapped_user> user_mapping_edit_store::users() {
  std::vector<mapped_user> out;
  for (auto& u : upwork_store::list_users(tx_, workspace_id_, organization_id_))
    out.push_back({std::move(u.upwork_user_id), std::move(u.mapping)});
  return out;
}

bool user_mapping_edit_store::member_exists(std::int64_t member_id) {
  return workspace_store::find_member(tx_, workspace_id_, member_id).has_value();
}

bool user_mapping_edit_store::member_active(std::int64_t member_id) {
  auto m = workspace_store::find_member(tx_, workspace_id_, member_id);
  return m && m->active;
}

std::vector<std::string> user_mapping_edit_store::member_emails() {
  std::vector<std::string> out;
  for (auto& m : workspace_store::list_members(tx_, workspace_id_))
    out.push_back(std::move(m.email));
  return out;
}

void user_mapping_edit_store::save(const std::string& upwork_user_id, const domain::user_mapping& mapping) {
  upwork_store::update_user_mapping(tx_, workspace_id_, organization_id_, upwork_user_id, mapping);
}

void user_mapping_edit_store::stop_contracts_of(const std::string& upwork_user_id) {
  tx_.exec_params("UPDATE upwork_contracts SET sync = false WHERE workspace_id = $1 AND organization_id = $2"
                  " AND upwork_user_id = $3 AND sync",
                  workspace_id_, organization_id_, upwork_user_id);
}

void user_mapping_edit_store::unlock_contracts_of(const std::string& upwork_user_id) {
  tx_.exec_params("UPDATE upwork_contracts SET locked = false WHERE workspace_id = $1 AND organization_id = $2"
                  " AND upwork_user_id = $3 AND locked",
                  workspace_id_, organization_id_, upwork_user_id);
}

} // namespace upsync::storage
