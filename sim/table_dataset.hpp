// A small explicit world held in memory: hand-written presets such as the demo.
#pragma once

#include "sim/dataset.hpp"

#include <map>
#include <string>

namespace upsync::sim {

/// Holds every organization, member and contract; work-diary cells are still generated
/// from each contract's habits, so a preset only describes who works for whom and how.
class table_dataset final : public dataset {
public:
  table_dataset(std::uint64_t seed, std::int64_t first_day) : seed_(seed), first_day_(first_day) {}

  /// Appends an organization; its index is assigned. Returns the index.
  std::uint32_t add_org(org_record org, std::vector<member_record> members);
  /// Appends a contract between two known organizations; its index is assigned.
  std::uint32_t add_contract(contract_record contract);

  std::uint32_t org_count() const override { return static_cast<std::uint32_t>(orgs_.size()); }
  org_record org(std::uint32_t index) const override { return orgs_.at(index); }
  std::optional<std::uint32_t> find_org(std::string_view id) const override;
  std::vector<member_record> members(std::uint32_t org) const override;
  std::vector<std::uint32_t> orgs_of_user(std::string_view user_id) const override;

  std::uint32_t contract_count() const override { return static_cast<std::uint32_t>(contracts_.size()); }
  contract_record contract(std::uint32_t index) const override { return contracts_.at(index); }
  std::optional<std::uint32_t> find_contract(std::string_view id) const override;
  std::vector<std::uint32_t> contracts_of(std::uint32_t org) const override;

  std::int64_t first_day() const override { return first_day_; }
  std::uint64_t seed() const override { return seed_; }

private:
  std::uint64_t seed_;
  std::int64_t first_day_;
  std::vector<org_record> orgs_;
  std::vector<std::vector<member_record>> members_;
  std::vector<contract_record> contracts_;
  std::map<std::string, std::uint32_t, std::less<>> org_by_id_;
  std::map<std::string, std::uint32_t, std::less<>> contract_by_id_;
};

} // namespace upsync::sim
