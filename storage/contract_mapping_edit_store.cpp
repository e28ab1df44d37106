#include "storage/contract_mapping_edit_store.hpp"

#include "storage/project_store.hpp"
#include "storage/sync_cursor_store.hpp"
#include "storage/upwork_mapping_store.hpp"
#include "storage/upwork_rate_history.hpp"
#include "storage/upwork_rate_store.hpp"

#include <pqxx/pqxx>

namespace upsync::storage {

std::optional<bool> contract_mapping_edit_store::project_billable(std::int64_t project_id) {
  auto found = project_store::find(tx_, workspace_id_, project_id);
  return found ? std::optional<bool>{found->billable} : std::nullopt;
}

bool contract_mapping_edit_store::project_archived(std::int64_t project_id) {
  auto found = project_store::find(tx_, workspace_id_, project_id);
  return found && found->archived;
}

std::vector<domain::contract_mapping_storage::rate_step>
contract_mapping_edit_store::override_steps(const std::string& contract_id) {
  std::vector<rate_step> out;
  for (auto& r : upwork_store::load_rates(tx_, workspace_id_, contract_id)) // by side, then effective_from
    if (r.side == domain::upwork_override_side)
      out.push_back({r.effective_from, std::move(r.rate)});
  return out;
}

domain::contract_mapping_storage::import_progress
contract_mapping_edit_store::import_of(const std::string& contract_id) {
  auto cursor = upwork_store::load_cursor(tx_, workspace_id_, contract_id);
  if (!cursor)
    return {};
  return {cursor->window_start_day, cursor->synced_through_day || cursor->last_synced_at};
}

std::int64_t contract_mapping_edit_store::create_project(const domain::project_to_create& project) {
  return project_store::create(tx_, workspace_id_, project.name, project.client_name, project.billable).id;
}

void contract_mapping_edit_store::save(const std::string& contract_id, const domain::contract_mapping& mapping) {
  upwork_store::update_contract_mapping(tx_, workspace_id_, contract_id, mapping);
}

void contract_mapping_edit_store::set_rate_step(const std::string& contract_id, const std::string& side,
                                                domain::day_number day, const std::optional<std::string>& rate) {
  upwork_rate_store::set_step(tx_, workspace_id_, contract_id, side, day, rate, currency_);
}

std::vector<std::int64_t> contract_mapping_edit_store::correct_rate_from(const std::string& contract_id,
                                                                         const std::string& side,
                                                                         domain::day_number day,
                                                                         const std::optional<std::string>& rate) {
  return upwork_rate_store::correct_from(tx_, workspace_id_, contract_id, domain::to_string(kind_), side, day, rate,
                                         currency_)
    .intervals_updated;
}

} // namespace upsync::storage
