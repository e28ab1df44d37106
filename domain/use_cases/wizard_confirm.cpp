#include "domain/use_cases/wizard_confirm.hpp"

#include "domain/calendar.hpp"
#include "domain/same_name.hpp"
#include "domain/sync_windows.hpp"

#include <algorithm>
#include <map>

namespace upsync::domain {

namespace {

/// Creates the members chosen "create new" and maps them. Users asking for the same email
/// (one person in two organizations) get one member.
std::optional<refusal> create_members(wizard_confirm_storage& storage) {
  std::map<std::string, std::int64_t> by_email;
  for (const auto& m : storage.members_to_create()) {
    auto it = by_email.find(case_folded(m.email));
    if (it == by_email.end()) {
      auto created = storage.create_member(m.name, m.email);
      if (!created)
        return refusal{refusal::kind::conflict,
                       "a member with the email " + m.email + " already exists; map the Upwork user " + m.upwork_user_id
                         + " to that member or choose another email",
                       "create_member.email"};
      it = by_email.emplace(case_folded(m.email), *created).first;
    }
    storage.member_created(m, it->second);
  }
  return std::nullopt;
}

/// Creates the projects chosen inline and maps their contracts; one project per name.
std::optional<refusal> create_projects(wizard_confirm_storage& storage) {
  std::map<std::string, std::int64_t> by_name;
  for (const auto& p : storage.projects_to_create()) {
    auto it = by_name.find(case_folded(p.name));
    if (it == by_name.end()) {
      auto created = storage.create_project(p);
      if (!created)
        return refusal{refusal::kind::conflict,
                       "a project named " + p.name + " already exists; choose it for contract " + p.contract_id
                         + " instead",
                       "create_project.name"};
      it = by_name.emplace(case_folded(p.name), *created).first;
    }
    storage.project_created(p.contract_id, it->second);
  }
  return std::nullopt;
}

} // namespace

confirm_outcome confirm_wizard(wizard_confirm_storage& storage, const wall_clock& clock, int import_days) {
  if (auto refused = create_members(storage))
    return {0, refused};
  if (auto refused = create_projects(storage))
    return {0, refused};
  storage.lock_mappings();
  // F6: what the manager reviewed starts now, and only now; a contract confirmed once
  // stays confirmed, so a second confirm starts nothing.
  auto confirmed = storage.confirm_contracts();
  // The contracts that sync now get a pending cursor, so the dashboard shows their import
  // from the start; an existing cursor is kept.
  auto targets = storage.sync_targets();
  auto window = import_window(day_of(clock()), import_days);
  storage.start_import_cursors(targets, static_cast<int>(window.size()));
  auto started =
    std::count_if(targets.begin(), targets.end(), [&](const std::string& id) { return confirmed.count(id) > 0; });
  return {static_cast<std::int64_t>(started), std::nullopt};
}

} // namespace upsync::domain
