// The read-only simulated world before retroactive edits: generated or hand-written.
#pragma once

#include "sim/records.hpp"

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace upsync::sim {

/// A dataset answers every question by index or id without holding cells; the work
/// diary is derived from `contract_record::habits` by `work_diary`.
class dataset {
public:
  virtual ~dataset() = default;

  virtual std::uint32_t org_count() const = 0;
  virtual org_record org(std::uint32_t index) const = 0;
  virtual std::optional<std::uint32_t> find_org(std::string_view id) const = 0;
  /// Staff of an organization in a stable order (the owner first).
  virtual std::vector<member_record> members(std::uint32_t org) const = 0;
  /// Organizations where the person is staff, for `login_hint=<user id>`.
  virtual std::vector<std::uint32_t> orgs_of_user(std::string_view user_id) const = 0;

  virtual std::uint32_t contract_count() const = 0;
  virtual contract_record contract(std::uint32_t index) const = 0;
  virtual std::optional<std::uint32_t> find_contract(std::string_view id) const = 0;
  /// Contracts where `org` is the vendor (agency or freelancer) or the client, ascending.
  virtual std::vector<std::uint32_t> contracts_of(std::uint32_t org) const = 0;

  /// The first day that may hold time (the history window's start), epoch day.
  virtual std::int64_t first_day() const = 0;
  /// The seed the work diary is derived from.
  virtual std::uint64_t seed() const = 0;
};

} // namespace upsync::sim
