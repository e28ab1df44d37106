// The work-diary generator.
#include "sim/work_diary.hpp"

#include "sim/civil_time.hpp"
#include "sim/name_pool.hpp"
#include "sim/prng.hpp"

#include <algorithm>

namespace upsync::sim {

namespace {

constexpr std::uint64_t tag_day = 101;
constexpr std::uint64_t tag_cell = 102;
constexpr std::uint64_t tag_task = 103;

struct stretch {
  int first_slot; ///< may be >= 144: then it belongs to the next day
  int length;
  bool manual;
  int memo;
};

// The stretches that *start* on `day` (slots relative to that day's midnight).
int stretches_of(std::uint64_t seed, const contract_record& c, std::int64_t day, stretch* out) {
  prng rng{seed, tag_day, c.index, static_cast<std::uint64_t>(day)};
  bool weekend = weekday(day) >= 5;
  if (weekend ? !rng.chance(c.habits.weekend_work) : rng.chance(c.habits.day_off))
    return 0;
  int budget = std::max(1, static_cast<int>(c.habits.daily_slots * (0.5 + rng.unit())));
  int slot = c.habits.start_slot + static_cast<int>(rng.between(-6, 6));
  int count = 0;
  int pieces = static_cast<int>(1 + rng.below(3));
  for (int p = 0; p < pieces && budget > 0; ++p) {
    int length = p + 1 == pieces ? budget : std::max(1, static_cast<int>(rng.between(1, budget)));
    // Daytime stretches stay inside the day; a night owl's last stretch may spill over.
    int limit = c.habits.night_owl ? cells_per_day + 36 : cells_per_day;
    if (slot >= cells_per_day || slot + length > limit)
      length = std::min(length, limit - slot);
    if (length <= 0)
      break;
    out[count++] = {slot, length, rng.chance(c.habits.manual_share),
                    static_cast<int>(rng.below(std::max<std::size_t>(1, c.memos.size())))};
    budget -= length;
    slot += length + static_cast<int>(rng.between(2, 12));
  }
  return count;
}

void emit(std::uint64_t seed, const contract_record& c, std::int64_t day, const stretch& s, int from, int to,
          bool details, std::vector<cell>& out) {
  bool has_tasks = hash_keys({seed, tag_task, c.index}) % 2 == 0;
  for (int slot = from; slot < to; ++slot) {
    cell x;
    x.start_ms = day * ms_per_day + static_cast<std::int64_t>(slot) * ms_per_cell;
    x.manual = s.manual;
    if (!details) {
      out.push_back(std::move(x));
      continue;
    }
    prng rng{seed, tag_cell, c.index, static_cast<std::uint64_t>(x.start_ms)};
    x.activity = s.manual ? 0 : static_cast<int>(rng.between(2, 10));
    x.memo = c.memos.empty() ? std::string{} : c.memos[static_cast<std::size_t>(s.memo)];
    if (has_tasks) {
      prng task_rng{seed, tag_task, c.index, static_cast<std::uint64_t>(s.memo)};
      x.task = task_ref{std::to_string(900000 + task_rng.below(90000)), names::task_description(task_rng)};
    }
    out.push_back(std::move(x));
  }
}

} // namespace

bool can_hold_time(const contract_record& c, std::int64_t day, std::int64_t first_day) {
  if (!c.hourly || day < first_day || day < c.start_day)
    return false;
  if (c.paused_day && day >= *c.paused_day)
    return false;
  if (c.end_day && day > *c.end_day)
    return false;
  return true;
}

std::vector<cell> generate_cells(std::uint64_t seed, const contract_record& c, std::int64_t day, std::int64_t first_day,
                                 bool details) {
  std::vector<cell> out;
  if (!can_hold_time(c, day, first_day))
    return out;
  stretch runs[4];
  // The tail of yesterday's stretch that ran past midnight comes first.
  if (can_hold_time(c, day - 1, first_day)) {
    int n = stretches_of(seed, c, day - 1, runs);
    for (int i = 0; i < n; ++i) {
      int end = runs[i].first_slot + runs[i].length;
      if (end > cells_per_day)
        emit(seed, c, day - 1, runs[i], std::max(cells_per_day, runs[i].first_slot), end, details, out);
    }
  }
  int n = stretches_of(seed, c, day, runs);
  for (int i = 0; i < n; ++i)
    emit(seed, c, day, runs[i], runs[i].first_slot, std::min(cells_per_day, runs[i].first_slot + runs[i].length),
         details, out);
  // Overtime marks the cells past ten hours on one day.
  for (std::size_t i = 0; i < out.size(); ++i)
    out[i].overtime = i >= 60;
  return out;
}

} // namespace upsync::sim
