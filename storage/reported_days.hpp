// Upwork's daily totals per contract as the engine last read them (issue 16,
// reconciliation; migration 0012). The engine hands over only what changed since its last
// cycle, many contracts in one call; a contract it has not seen since it started comes
// with a reset of the whole window it read, because a day Upwork no longer reports at all
// (its time removed) must become 0 and the engine cannot know what is stored.
#pragma once

#include "storage/records.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <pqxx/types.hxx>

namespace upsync::storage::reported_days {

/// One contract's news from one time report.
struct change {
  db_id workspace_id = 0;
  std::string contract_id;
  /// Days (first, last; day numbers) that Upwork reports completely in this change: every
  /// stored day of the range missing from `days` becomes 0.
  std::optional<std::pair<std::int64_t, std::int64_t>> reset;
  /// Day number and seconds; 0 for a day Upwork stopped reporting.
  std::vector<std::pair<std::int64_t, std::int32_t>> days;
};

/// Writes the changes in order (a later one wins) in two statements, touching only rows
/// whose seconds differ; a 0 is written only over a stored day (no rows for empty days).
/// A contract that no longer exists is skipped, and so is a negative number (an overflowed
/// sum of Upwork's untrusted hours), so that nothing Upwork says can fail the store's flush.
void record(pqxx::transaction_base& tx, const std::vector<change>& changes);

} // namespace upsync::storage::reported_days
