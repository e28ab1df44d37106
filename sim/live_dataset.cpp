// The run-time changeable dataset (see live_dataset.hpp).
#include "sim/live_dataset.hpp"

#include <mutex>

namespace upsync::sim {

std::uint32_t live_dataset::add_org(org_record org, std::vector<member_record> staff) {
  std::unique_lock lock{mutex_};
  org.index = base_->org_count() + static_cast<std::uint32_t>(orgs_.size());
  org_by_id_.emplace(org.id, org.index);
  extra_staff_[org.index] = std::move(staff);
  orgs_.push_back(std::move(org));
  mark_changed();
  return orgs_.back().index;
}

void live_dataset::add_member(std::uint32_t org, member_record member) {
  std::unique_lock lock{mutex_};
  extra_staff_[org].push_back(std::move(member));
  mark_changed();
}

std::uint32_t live_dataset::add_contract(contract_record contract) {
  std::unique_lock lock{mutex_};
  contract.index = base_->contract_count() + static_cast<std::uint32_t>(contracts_.size());
  contract_by_id_.emplace(contract.id, contract.index);
  contracts_.push_back(std::move(contract));
  mark_changed();
  return contracts_.back().index;
}

void live_dataset::replace_contract(contract_record contract) {
  std::unique_lock lock{mutex_};
  auto base_count = base_->contract_count();
  if (contract.index >= base_count)
    contracts_.at(contract.index - base_count) = std::move(contract);
  else
    replaced_[contract.index] = std::move(contract);
  mark_changed();
}

std::uint32_t live_dataset::org_count() const {
  if (!changed())
    return base_->org_count();
  std::shared_lock lock{mutex_};
  return base_->org_count() + static_cast<std::uint32_t>(orgs_.size());
}

org_record live_dataset::org(std::uint32_t index) const {
  auto base_count = base_->org_count();
  if (index < base_count)
    return base_->org(index);
  std::shared_lock lock{mutex_};
  return orgs_.at(index - base_count);
}

std::optional<std::uint32_t> live_dataset::find_org(std::string_view id) const {
  if (auto found = base_->find_org(id))
    return found;
  if (!changed())
    return std::nullopt;
  std::shared_lock lock{mutex_};
  auto it = org_by_id_.find(id);
  return it == org_by_id_.end() ? std::nullopt : std::optional<std::uint32_t>{it->second};
}

std::vector<member_record> live_dataset::members(std::uint32_t org) const {
  auto out = org < base_->org_count() ? base_->members(org) : std::vector<member_record>{};
  if (!changed())
    return out;
  std::shared_lock lock{mutex_};
  if (auto it = extra_staff_.find(org); it != extra_staff_.end())
    out.insert(out.end(), it->second.begin(), it->second.end());
  return out;
}

std::vector<std::uint32_t> live_dataset::orgs_of_user(std::string_view user_id) const {
  auto out = base_->orgs_of_user(user_id);
  if (!changed())
    return out;
  std::shared_lock lock{mutex_};
  for (const auto& [org, staff] : extra_staff_)
    for (const auto& m : staff)
      if (m.user.id == user_id) {
        out.push_back(org);
        break;
      }
  return out;
}

std::uint32_t live_dataset::contract_count() const {
  if (!changed())
    return base_->contract_count();
  std::shared_lock lock{mutex_};
  return base_->contract_count() + static_cast<std::uint32_t>(contracts_.size());
}

contract_record live_dataset::contract(std::uint32_t index) const {
  if (!changed())
    return base_->contract(index);
  auto base_count = base_->contract_count();
  {
    std::shared_lock lock{mutex_};
    if (index >= base_count)
      return contracts_.at(index - base_count);
    if (auto it = replaced_.find(index); it != replaced_.end())
      return it->second;
  }
  return base_->contract(index);
}

std::optional<std::uint32_t> live_dataset::find_contract(std::string_view id) const {
  if (auto found = base_->find_contract(id))
    return found;
  if (!changed())
    return std::nullopt;
  std::shared_lock lock{mutex_};
  auto it = contract_by_id_.find(id);
  return it == contract_by_id_.end() ? std::nullopt : std::optional<std::uint32_t>{it->second};
}

std::vector<std::uint32_t> live_dataset::contracts_of(std::uint32_t org) const {
  auto out = org < base_->org_count() ? base_->contracts_of(org) : std::vector<std::uint32_t>{};
  if (!changed())
    return out;
  std::shared_lock lock{mutex_};
  // Added contracts have the highest indices, so the list stays ascending.
  for (const auto& c : contracts_)
    if (c.client_org == org || c.vendor_org == org)
      out.push_back(c.index);
  return out;
}

} // namespace upsync::sim
