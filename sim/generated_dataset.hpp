// A lazily generated world: every record is a pure function of (seed, index).
#pragma once

#include "sim/dataset.hpp"
#include "sim/id_codec.hpp"

#include <cstdint>

namespace upsync::sim {

/// Scale knobs of the generator.
struct scale_options {
  std::uint64_t seed = 42;
  std::uint32_t orgs = 12;             ///< at least 3, so every kind exists
  std::uint32_t members_per_org = 6;   ///< staff of agencies and clients (freelancers: 1)
  std::uint32_t contracts_per_org = 4; ///< total contracts = orgs * contracts_per_org
  std::uint32_t days = 90;             ///< days of history with time, up to today
};

/// Organizations alternate by index in a period of ten (agency, client, freelancer,
/// client, agency, client, freelancer, client, agency, client): vendor-side orgs sit at
/// even indices, clients at odd ones. Contract c belongs to vendor (c mod V) and to a
/// client drawn from the seed. The only memory held is a compact client -> contracts
/// index (4 bytes a contract); cells are never stored.
class generated_dataset final : public dataset {
public:
  generated_dataset(const scale_options& opts, std::int64_t anchor_day);

  std::uint32_t org_count() const override { return opts_.orgs; }
  org_record org(std::uint32_t index) const override;
  std::optional<std::uint32_t> find_org(std::string_view id) const override;
  std::vector<member_record> members(std::uint32_t org) const override;
  std::vector<std::uint32_t> orgs_of_user(std::string_view user_id) const override;

  std::uint32_t contract_count() const override { return contracts_; }
  contract_record contract(std::uint32_t index) const override;
  std::optional<std::uint32_t> find_contract(std::string_view id) const override;
  std::vector<std::uint32_t> contracts_of(std::uint32_t org) const override;

  std::int64_t first_day() const override { return anchor_day_ - opts_.days + 1; }
  std::uint64_t seed() const override { return opts_.seed; }

  static org_kind kind_of(std::uint32_t org_index);

private:
  std::uint32_t member_count(std::uint32_t org) const;
  member_record member(std::uint32_t org, std::uint32_t m) const;
  user_record user(std::uint32_t org, std::uint32_t m) const;
  std::uint32_t client_of(std::uint32_t contract) const;

  scale_options opts_;
  std::int64_t anchor_day_;
  std::uint32_t contracts_;
  std::uint32_t vendors_;
  std::uint32_t clients_;
  std::uint32_t stride_; ///< user index = org * stride + member
  id_codec org_ids_;
  id_codec user_ids_;
  id_codec member_ids_;
  id_codec contract_ids_;
  // CSR index: contracts of client k are by_client_[client_begin_[k] .. client_begin_[k+1]).
  std::vector<std::uint32_t> client_begin_;
  std::vector<std::uint32_t> by_client_;
};

} // namespace upsync::sim
