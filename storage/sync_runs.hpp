// How a writer batch's cells become intervals, decided before anything is sent to
// PostgreSQL: the cells in ledger-key order without duplicates, cut into runs of
// contiguous cells within one contract and one UTC day. Each run is one interval when all
// its cells are new to the ledger (every cell of a first import), so the writer draws its
// interval id up front and the ledger rows can point at it as they are inserted.
#pragma once

#include "storage/sync_batch.hpp"

#include <cstddef>
#include <vector>

namespace upsync::storage::sync_writer {

/// `count` cells of `ordered_cells::order` from `first` on: one contract, one UTC day,
/// each cell starting 600 s after the one before.
struct cell_run {
  std::size_t first;
  std::size_t count;
};

struct ordered_cells {
  /// Indices into the batch's cells, by (workspace, contract, cell start); of duplicate
  /// cells only the first in batch order.
  std::vector<std::size_t> order;
  std::vector<cell_run> runs; ///< in `order`'s order, covering it
};

ordered_cells order_into_runs(const std::vector<cell_row>& cells);

} // namespace upsync::storage::sync_writer
