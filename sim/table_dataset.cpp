// The explicit in-memory world.
#include "sim/table_dataset.hpp"

namespace upsync::sim {

std::uint32_t table_dataset::add_org(org_record org, std::vector<member_record> members) {
  org.index = org_count();
  org_by_id_.emplace(org.id, org.index);
  orgs_.push_back(std::move(org));
  members_.push_back(std::move(members));
  return orgs_.back().index;
}

std::uint32_t table_dataset::add_contract(contract_record contract) {
  contract.index = contract_count();
  contract_by_id_.emplace(contract.id, contract.index);
  contracts_.push_back(std::move(contract));
  return contracts_.back().index;
}

std::optional<std::uint32_t> table_dataset::find_org(std::string_view id) const {
  auto it = org_by_id_.find(id);
  if (it == org_by_id_.end())
    return std::nullopt;
  return it->second;
}

std::vector<member_record> table_dataset::members(std::uint32_t org) const {
  return org < members_.size() ? members_[org] : std::vector<member_record>{};
}

std::vector<std::uint32_t> table_dataset::orgs_of_user(std::string_view user_id) const {
  std::vector<std::uint32_t> out;
  for (std::uint32_t o = 0; o < members_.size(); ++o)
    for (const auto& m : members_[o])
      if (m.user.id == user_id) {
        out.push_back(o);
        break;
      }
  return out;
}

std::optional<std::uint32_t> table_dataset::find_contract(std::string_view id) const {
  auto it = contract_by_id_.find(id);
  if (it == contract_by_id_.end())
    return std::nullopt;
  return it->second;
}

std::vector<std::uint32_t> table_dataset::contracts_of(std::uint32_t org) const {
  std::vector<std::uint32_t> out;
  for (const auto& c : contracts_)
    if (c.client_org == org || c.vendor_org == org)
      out.push_back(c.index);
  return out;
}

} // namespace upsync::sim
