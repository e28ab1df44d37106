// The sync history (migration 0017): each organization's cycles, imports and refreshes as
// runs, written by the engine's STORE, read by GET /api/v1/upwork/organizations/{id}/runs.
#pragma once

#include "storage/records.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/types.hxx>

namespace upsync::storage::sync_history {

struct run {
  std::int64_t id = 0; ///< set when read back
  db_id workspace_id = 0;
  std::string organization_id;
  std::string kind;             ///< cycle | import | refresh
  std::string result;           ///< succeeded | partial | failed
  std::int64_t started_at = 0;  ///< Unix milliseconds
  std::int64_t finished_at = 0; ///< Unix milliseconds
  std::int64_t cycles = 1;      ///< idle cycles merged into this run
  std::int64_t contract_days_read = 0;
  std::int64_t cells_written = 0;
  std::int64_t intervals_written = 0;
  std::int64_t requests = 0;
  std::optional<std::string> error;

  /// A cycle that succeeded having read nothing: merged with the idle run before it.
  bool idle() const {
    return kind == "cycle" && result == "succeeded" && contract_days_read == 0 && cells_written == 0;
  }
};

/// Writes the runs in their order. An idle cycle extends the organization's latest run when
/// that one is idle too (finished_at, cycles, requests); an organization no longer in the
/// database is skipped.
void record(pqxx::transaction_base& tx, const std::vector<run>& runs);

/// The organization's runs, newest first, at most `limit`, older than run `before` if given.
std::vector<run> list(pqxx::transaction_base& tx, db_id workspace_id, const std::string& organization_id, int limit,
                      std::optional<std::int64_t> before);

/// Deletes the runs that finished before `before_unix` (Unix seconds); how many.
std::int64_t prune(pqxx::transaction_base& tx, std::int64_t before_unix);

} // namespace upsync::storage::sync_history
