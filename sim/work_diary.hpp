// Derives a contract-day's work-diary cells from the seed and the contract's habits.
#pragma once

#include "sim/records.hpp"

#include <cstdint>
#include <vector>

namespace upsync::sim {

/// `details` false leaves memo, task and activity empty: totals need only the timing,
/// and skipping the strings makes reports several times cheaper.
/// Generated (unedited) cells of `c` on epoch day `day`, sorted by start, ignoring "now".
/// Working stretches are contiguous runs of cells; a stretch may be manual; a night-owl
/// stretch that starts late runs past midnight UTC into the next day, so day d also holds
/// the tail of day d-1's last stretch. No time before `first_day`, before the contract's
/// start, from its pause day on or after its end; fixed-price contracts have none.
std::vector<cell> generate_cells(std::uint64_t seed, const contract_record& c, std::int64_t day, std::int64_t first_day,
                                 bool details = true);

/// Whether the contract may hold time on `day` at all.
bool can_hold_time(const contract_record& c, std::int64_t day, std::int64_t first_day);

} // namespace upsync::sim
