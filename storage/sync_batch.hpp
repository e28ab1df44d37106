// What the sync engine hands the writer: fetched cells, completely fetched days and
// cursors, as rows. Its own header so that sync_runs (which orders a batch's cells) and
// sync_writer (which uses sync_runs) both read it without including each other.
#pragma once

#include "storage/records.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace upsync::storage::sync_writer {

/// One Upwork work-diary cell (10 minutes) fetched for a contract-day, with what its
/// interval would carry if the cell is new.
struct cell_row {
  db_id workspace_id;
  std::string contract_id;
  std::int64_t cell_start; ///< Unix seconds, a multiple of 600
  bool manual;
  db_id member_id;
  std::optional<db_id> project_id;
  std::optional<std::string> pay_rate;  ///< decimal text "25.00", or none
  std::optional<std::string> bill_rate; ///< decimal text, or none
  std::string currency;                 ///< "USD"
  /// The contract's rates_version the rates were priced at; when the contract's is newer
  /// at commit (a correction ran meanwhile), the writer prices the cell's run again from
  /// the rates in PostgreSQL.
  std::int64_t rates_version = 0;
};

/// A contract-day whose cells were fetched completely in this batch: ledger cells of that
/// day missing from the batch are marked vanished.
struct day_row {
  db_id workspace_id;
  std::string contract_id;
  std::int64_t day;              ///< days since 1970-01-01 (UTC)
  std::int32_t reported_seconds; ///< what Upwork's time report said for the day
  /// Every entry of Upwork's list was read. A day with skipped entries still records its
  /// cells and total, but marks no ledger cell vanished: a cell it lacks may be one that
  /// could not be read.
  bool complete = true;
};

/// Progress of a contract's sync, committed with the rows it describes.
struct cursor_row {
  db_id workspace_id;
  std::string contract_id;
  std::string import_state; ///< pending | running | done | failed
  std::int32_t days_done;
  std::int32_t days_total;
  std::optional<std::int64_t> window_start_day;
  std::optional<std::int64_t> synced_through_day;
};

/// Any number of workspaces and contracts. A later duplicate of a day or cursor wins; of
/// duplicate cells the first is used.
struct sync_batch {
  std::vector<cell_row> cells;
  std::vector<day_row> days;
  std::vector<cursor_row> cursors;
};

} // namespace upsync::storage::sync_writer
