#include "domain/use_cases/wizard_confirm.hpp"

#include "domain/calendar.hpp"
#include "domain/same_name.hpp"
#include "domain/sync_windows.hpp"

#include <algorithm>
#include <map>

namespace upsync::domain {

namespace {

/// A batch to create: the first entry of each distinct key, and which of them every
/// waiting entry gets.
template <class T>
struct batch {
  std::vector<T> fresh;
  std::vector<std::size_t> slot; ///< per waiting entry: its index in `fresh`
};

template <class T, class KeyOf>
batch<T> first_per_key(const std::vector<T>& waiting, KeyOf key_of) {
  batch<T> b;
  std::map<std::string, std::size_t> by_key;
  for (const auto& w : waiting) {
    auto [it, added] = by_key.emplace(key_of(w), b.fresh.size());
    if (added)
      b.fresh.push_back(w);
    b.slot.push_back(it->second);
  }
  return b;
}

/// The first entry of the batch that was not created (its key is taken), if any.
std::optional<std::size_t> first_not_created(const std::vector<std::optional<std::int64_t>>& created,
                                             std::size_t count) {
  for (std::size_t i = 0; i < count; ++i)
    if (i >= created.size() || !created[i])
      return i;
  return std::nullopt;
}

/// Creates the members chosen "create new" and maps them, one batch each. Users asking for
/// the same email (one person in two organizations) get one member; the first user of a
/// taken email is the one the refusal names.
std::optional<refusal> create_members(wizard_confirm_storage& storage) {
  auto waiting = storage.members_to_create();
  if (waiting.empty())
    return std::nullopt;
  auto b = first_per_key(waiting, [](const member_to_create& m) { return case_folded(m.email); });
  auto created = storage.create_members(b.fresh);
  if (auto taken = first_not_created(created, b.fresh.size())) {
    const auto& m = b.fresh[*taken];
    return refusal{refusal::kind::conflict,
                   "a member with the email " + m.email + " already exists; map the Upwork user " + m.upwork_user_id
                     + " to that member or choose another email",
                   "create_member.email"};
  }
  std::vector<member_mapped> mapped;
  for (std::size_t i = 0; i < waiting.size(); ++i)
    mapped.push_back({waiting[i].organization_id, waiting[i].upwork_user_id, *created[b.slot[i]]});
  storage.members_created(mapped);
  return std::nullopt;
}

/// Creates the projects chosen inline and maps their contracts, one batch each; one
/// project per name.
std::optional<refusal> create_projects(wizard_confirm_storage& storage) {
  auto waiting = storage.projects_to_create();
  if (waiting.empty())
    return std::nullopt;
  auto b = first_per_key(waiting, [](const project_to_create& p) { return case_folded(p.name); });
  auto created = storage.create_projects(b.fresh);
  if (auto taken = first_not_created(created, b.fresh.size())) {
    const auto& p = b.fresh[*taken];
    return refusal{refusal::kind::conflict,
                   "a project named " + p.name + " already exists; choose it for contract " + p.contract_id
                     + " instead",
                   "create_project.name"};
  }
  std::vector<project_mapped> mapped;
  for (std::size_t i = 0; i < waiting.size(); ++i)
    mapped.push_back({waiting[i].contract_id, *created[b.slot[i]]});
  storage.projects_created(mapped);
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
