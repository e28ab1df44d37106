// Seeds the state a finished first import leaves behind, without running it: for every
// syncing contract the day totals Upwork's time report gives for each day of the import
// window that holds time, and a cursor marked done. The engine then starts where a
// long-running daemon would be: every organization idle-cycles and fetches no cells.
// (Cells and intervals are not seeded; the engine never reads them to decide a cycle.)
#pragma once

#include "bench/support/seed_world.hpp"

namespace upsync::bench {

/// Returns the number of day totals written.
std::size_t seed_imported_history(const std::string& database_url, sim::simulator& sim, const seeded_world& world,
                                  int import_days);

} // namespace upsync::bench
