// The live simulated world: a dataset, retroactive cell edits, and the simulated clock.
#pragma once

#include "sim/live_dataset.hpp"
#include "sim/sim_clock.hpp"

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace upsync::sim {

/// What one contract-day adds up to: the ground truth the time report must match.
struct day_total {
  std::int64_t day = 0;
  int cells = 0;
  int manual_cells = 0;
  std::int64_t charge_cents = 0; ///< cells * rate in force that day / 6, rounded
  std::int64_t minutes() const { return cells * 10LL; }
};

/// A contract to add at run time (POST /__control/contracts).
struct contract_request {
  std::string org_id;        ///< the organization it is added to: vendor or client side
  std::string vendor_org_id; ///< when `org_id` is a client: the agency or freelancer
  std::string client_org_id; ///< when `org_id` is a vendor: an existing client...
  std::string client_name;   ///< ...or a client by name (created when none has it)
  std::string freelancer_id; ///< user id of a staff member of the vendor...
  std::optional<std::pair<std::string, std::string>> new_freelancer; ///< ...or (name, email)
  std::string id;                                                    ///< empty: a fresh 8-digit id
  std::string title;
  bool hourly = true;
  std::int64_t rate_cents = 0;  ///< hourly
  std::int64_t fixed_cents = 0; ///< fixed price
  contract_status status = contract_status::active;
  std::optional<std::int64_t> start_day; ///< default today
  bool with_time = true;                 ///< false: the work diary stays empty
  std::string currency = "USD";
};

/// A change of an existing contract (POST /__control/contracts/{id}).
struct contract_change {
  std::optional<contract_status> status;
  std::optional<std::int64_t> rate_cents;    ///< a new hourly rate...
  std::optional<std::int64_t> rate_from_day; ///< ...in force from this day (default today)
};

/// What a run-time change did: `status` is an HTTP status (200, 400, 404, 409).
struct change_result {
  int status = 200;
  std::string error;
  std::uint32_t index = 0; ///< the contract or organization changed
  std::string id;          ///< the contract or member id created
};

/// Thread-safe: many requests read while the control API edits.
class world {
public:
  world(std::unique_ptr<dataset> data, std::shared_ptr<sim_clock> clock);

  const dataset& data() const { return *data_; }
  const sim_clock& clock() const { return *clock_; }
  sim_clock& clock() { return *clock_; }
  std::int64_t now_ms() const { return clock_->now_ms(); }
  std::int64_t today() const;

  /// Cells of a contract-day as Upwork shows them now: edits applied, and only cells whose
  /// ten minutes have passed on the simulated clock.
  /// `details` false may leave memo, task and activity empty (cheaper; for totals).
  std::vector<cell> cells(const contract_record& c, std::int64_t day, bool details = true) const;
  day_total total(const contract_record& c, std::int64_t day) const;
  /// Totals of days in [from, to] that hold time.
  std::vector<day_total> totals(const contract_record& c, std::int64_t from, std::int64_t to) const;

  struct edit_result {
    bool ok = false;
    std::string error;
    int added = 0;
    int removed = 0;
    int cells_now = 0;
  };
  /// A retroactive edit of one contract-day: removes the cells starting at `remove`, then
  /// adds (or replaces) `add`. Cells must start on 10-minute boundaries inside `day`, and
  /// `day` must not lie in the future.
  edit_result edit_cells(std::uint32_t contract, std::int64_t day, const std::vector<cell>& add,
                         const std::vector<std::int64_t>& remove);
  /// Adds a contract with a work diary from its start day (unless `with_time` is false).
  change_result add_contract(const contract_request& r);
  /// Pauses, resumes or closes a contract from now on, and/or starts a new hourly rate on
  /// a day (the rate history's later terms give way, the term in force ends the day before).
  change_result change_contract(std::uint32_t contract, const contract_change& change);
  /// A new staff member of an organization (not of a freelancer's own one).
  change_result add_member(std::uint32_t org, const std::string& name, const std::string& email);

  /// Drops every edit, back to the generated data.
  void clear_edits();
  std::size_t edit_count() const;

private:
  static std::uint64_t key(std::uint32_t contract, std::int64_t day) {
    return (static_cast<std::uint64_t>(contract) << 32) ^ static_cast<std::uint32_t>(day);
  }

  member_record new_member(const std::string& name, const std::string& email);
  std::uint32_t client_named(const std::string& name);
  std::string fresh_contract_id();

  std::unique_ptr<live_dataset> data_;
  std::shared_ptr<sim_clock> clock_;
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::uint64_t, std::vector<cell>> edits_; ///< whole edited days
  std::atomic<bool> has_edits_{false};
  std::mutex change_mutex_;  ///< one run-time change at a time (ids are checked, then taken)
  std::uint64_t serial_ = 0; ///< numbers the ids of what the control API creates
};

} // namespace upsync::sim
