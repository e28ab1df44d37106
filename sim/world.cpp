// The live simulated world.
#include "sim/world.hpp"

#include "sim/civil_time.hpp"
#include "sim/work_diary.hpp"

#include <algorithm>
#include <cmath>
#include <mutex>

namespace upsync::sim {

world::world(std::unique_ptr<dataset> data, std::shared_ptr<sim_clock> clock)
    : data_(std::make_unique<live_dataset>(std::move(data))), clock_(std::move(clock)) {}

std::int64_t world::today() const { return floor_div(now_ms(), ms_per_day); }

std::vector<cell> world::cells(const contract_record& c, std::int64_t day, bool details) const {
  std::vector<cell> out;
  bool edited = false;
  if (has_edits_.load(std::memory_order_acquire)) { // skips the lock while nothing was edited
    std::shared_lock lock{mutex_};
    auto it = edits_.find(key(c.index, day));
    if (it != edits_.end()) {
      out = it->second;
      edited = true;
    }
  }
  if (!edited)
    out = generate_cells(data_->seed(), c, day, data_->first_day(), details);
  auto now = now_ms();
  auto off = [&](const cell& x) {
    for (const auto& p : c.off)
      if (p.covers(x.start_ms))
        return true;
    return false;
  };
  out.erase(
    std::remove_if(out.begin(), out.end(), [&](const cell& x) { return x.start_ms + ms_per_cell > now || off(x); }),
    out.end());
  return out;
}

day_total world::total(const contract_record& c, std::int64_t day) const {
  day_total t;
  t.day = day;
  for (const auto& x : cells(c, day, false)) {
    ++t.cells;
    t.manual_cells += x.manual;
  }
  t.charge_cents = static_cast<std::int64_t>(std::llround(rate_on(c, day) * t.cells / 6.0));
  return t;
}

std::vector<day_total> world::totals(const contract_record& c, std::int64_t from, std::int64_t to) const {
  std::vector<day_total> out;
  for (auto day = std::max(from, data_->first_day() - 1); day <= to; ++day) {
    auto t = total(c, day);
    if (t.cells > 0)
      out.push_back(t);
  }
  return out;
}

world::edit_result world::edit_cells(std::uint32_t contract, std::int64_t day, const std::vector<cell>& add,
                                     const std::vector<std::int64_t>& remove) {
  edit_result r;
  if (contract >= data_->contract_count()) {
    r.error = "unknown contract";
    return r;
  }
  if (day > today()) {
    r.error = "the day lies in the future";
    return r;
  }
  auto inside = [&](std::int64_t start) { return start % ms_per_cell == 0 && floor_div(start, ms_per_day) == day; };
  for (const auto& x : add)
    if (!inside(x.start_ms)) {
      r.error = "cells must start on a 10-minute boundary inside the day";
      return r;
    }
  auto c = data_->contract(contract);
  std::unique_lock lock{mutex_};
  auto k = key(contract, day);
  auto it = edits_.find(k);
  std::vector<cell> current =
    it != edits_.end() ? it->second : generate_cells(data_->seed(), c, day, data_->first_day());
  for (auto start : remove) {
    auto before = current.size();
    current.erase(std::remove_if(current.begin(), current.end(), [&](const cell& x) { return x.start_ms == start; }),
                  current.end());
    r.removed += static_cast<int>(before - current.size());
  }
  for (const auto& x : add) {
    auto same = std::find_if(current.begin(), current.end(), [&](const cell& y) { return y.start_ms == x.start_ms; });
    if (same != current.end())
      *same = x;
    else
      current.push_back(x);
    ++r.added;
  }
  std::sort(current.begin(), current.end(), [](const cell& a, const cell& b) { return a.start_ms < b.start_ms; });
  r.cells_now = static_cast<int>(current.size());
  edits_[k] = std::move(current);
  has_edits_.store(true, std::memory_order_release);
  r.ok = true;
  return r;
}

void world::clear_edits() {
  std::unique_lock lock{mutex_};
  edits_.clear();
  has_edits_.store(false, std::memory_order_release);
}

std::size_t world::edit_count() const {
  std::shared_lock lock{mutex_};
  return edits_.size();
}

} // namespace upsync::sim
