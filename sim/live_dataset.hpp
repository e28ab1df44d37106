// The world's dataset as it changes at run time: a generated or hand-written dataset
// underneath, with organizations, members and contracts added through the control API
// and contracts changed (status, rates) on top of it.
#pragma once

#include "sim/dataset.hpp"

#include <atomic>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace upsync::sim {

/// Thread-safe: GraphQL requests read while the control API adds or changes. Until the
/// first change every call goes straight to the base dataset without taking the lock, so
/// the generator keeps its speed at scale.
class live_dataset final : public dataset {
public:
  explicit live_dataset(std::unique_ptr<dataset> base) : base_(std::move(base)) {}

  /// Appends an organization with its staff; returns its index.
  std::uint32_t add_org(org_record org, std::vector<member_record> staff);
  /// Appends a staff member to an existing organization.
  void add_member(std::uint32_t org, member_record member);
  /// Appends a contract between existing organizations; returns its index.
  std::uint32_t add_contract(contract_record contract);
  /// Replaces a contract's record (same index and id).
  void replace_contract(contract_record contract);

  std::uint32_t org_count() const override;
  org_record org(std::uint32_t index) const override;
  std::optional<std::uint32_t> find_org(std::string_view id) const override;
  std::vector<member_record> members(std::uint32_t org) const override;
  std::vector<std::uint32_t> orgs_of_user(std::string_view user_id) const override;

  std::uint32_t contract_count() const override;
  contract_record contract(std::uint32_t index) const override;
  std::optional<std::uint32_t> find_contract(std::string_view id) const override;
  std::vector<std::uint32_t> contracts_of(std::uint32_t org) const override;

  std::int64_t first_day() const override { return base_->first_day(); }
  std::uint64_t seed() const override { return base_->seed(); }

private:
  bool changed() const { return changed_.load(std::memory_order_acquire); }
  void mark_changed() { changed_.store(true, std::memory_order_release); }

  std::unique_ptr<dataset> base_;
  mutable std::shared_mutex mutex_;
  std::atomic<bool> changed_{false};
  std::vector<org_record> orgs_;                                    ///< index base count + i
  std::map<std::uint32_t, std::vector<member_record>> extra_staff_; ///< by org index
  std::vector<contract_record> contracts_;                          ///< index base count + i
  std::unordered_map<std::uint32_t, contract_record> replaced_;     ///< base contracts changed
  std::map<std::string, std::uint32_t, std::less<>> org_by_id_;
  std::map<std::string, std::uint32_t, std::less<>> contract_by_id_;
};

} // namespace upsync::sim
