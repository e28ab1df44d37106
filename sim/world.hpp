// The live simulated world: a dataset, retroactive cell edits, and the simulated clock.
#pragma once

#include "sim/dataset.hpp"
#include "sim/sim_clock.hpp"

#include <atomic>
#include <memory>
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
  /// Drops every edit, back to the generated data.
  void clear_edits();
  std::size_t edit_count() const;

private:
  static std::uint64_t key(std::uint32_t contract, std::int64_t day) {
    return (static_cast<std::uint64_t>(contract) << 32) ^ static_cast<std::uint32_t>(day);
  }

  std::unique_ptr<dataset> data_;
  std::shared_ptr<sim_clock> clock_;
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::uint64_t, std::vector<cell>> edits_; ///< whole edited days
  std::atomic<bool> has_edits_{false};
};

} // namespace upsync::sim
