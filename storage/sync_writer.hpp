// The sync engine's write path: one transaction per batch that records fetched Upwork
// cells in the ledger, turns only the new ones into intervals, reconciles vanished cells,
// and stores day totals and cursors — all committed together (F14).
#pragma once

#include "storage/records.hpp"
#include "storage/sync_batch.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/types.hxx>

namespace upsync::storage::sync_writer {

/// An interval this batch created.
struct written_interval {
  db_id id;
  db_id workspace_id;
  std::string contract_id;
  std::int64_t started_at; ///< Unix seconds
  std::int64_t ended_at;   ///< Unix seconds
  db_id member_id;
  std::optional<db_id> project_id;
};

struct batch_result {
  std::vector<written_interval> intervals; ///< ordered by workspace, contract, start
  std::size_t cells_inserted = 0;          ///< cells new to the ledger
  std::size_t cells_vanished = 0;          ///< ledger cells newly marked vanished
};

/// Writes the batch in one transaction and commits before returning, so a caller may
/// acknowledge on return. Only cells new to the ledger become intervals: contiguous new
/// cells of a contract merge, split at midnight UTC, and take the member, project, rates
/// and currency of the first cell of their run (the batch's contiguous cells of that
/// contract-day, which a contract sends with one day's attributes). Idempotent: the same
/// batch again creates nothing. Cells already in the ledger (including those whose
/// interval a person deleted or edited) are never turned into intervals again. A cell of
/// a contract its workspace lacks fails the batch (pqxx::foreign_key_violation, 23503).
/// Throws std::invalid_argument (before touching the database) for a cell start that is
/// not a multiple of 600, and pqxx errors after rolling back. Uses per-connection temporary staging tables, so the
/// connection may be reused for any number of batches (they are emptied at each commit).
batch_result write(pqxx::connection_base& db, const sync_batch& batch);

/// `write` for a connection that writes many batches (the engine's writers): it creates
/// the staging tables once and gathers their statistics only when batches grow, instead
/// of at every batch. One per connection; make a new one with a new connection.
class session {
public:
  explicit session(pqxx::connection_base& db);
  batch_result write(const sync_batch& batch);

private:
  pqxx::connection_base& db_;
  bool staged_ = false;           ///< the staging tables exist on this connection
  std::size_t analyzed_rows_ = 0; ///< staged rows when statistics were last gathered
};

} // namespace upsync::storage::sync_writer
