// Whether a contract's sync is failing (issue 16): its last error (a machine code and a
// short, secret-free text), the time of its last success and its failed cycles in a row,
// kept on its cursor row (migration 0009). The engine records changes only — a failure, or
// the first success after failures — many contracts in one statement.
#pragma once

#include "storage/records.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/types.hxx>

namespace upsync::storage::sync_health {

/// Failed cycles in a row from which a contract counts as failing: its import shows state
/// `failed`, its diagnosis `sync_failing`, and it is in `upsync_contracts_failing`. One or
/// two failures are the ordinary weather of a remote API (a retry storm, a deploy); three
/// cycles in a row (minutes with backoff, at most three cycle intervals) are not.
constexpr int failing_after = 3;

/// SQL for a contract's last success over its cursor row `k` and its organization `o`:
/// while it fails, the last success recorded; while healthy, the later of that, its
/// cursor's last commit and the organization's last complete cycle (every contract of it
/// succeeded then); NULL without a cursor. Used by every reader, so they agree.
constexpr const char* last_success_sql =
  "CASE WHEN k.contract_id IS NULL THEN NULL"
  " WHEN k.failures_in_a_row = 0 THEN GREATEST(k.last_success_at, k.last_synced_at, o.last_synced_at)"
  " ELSE k.last_success_at END";

/// One contract's change of health.
struct change {
  db_id workspace_id = 0;
  std::string contract_id;
  int failures_in_a_row = 0; ///< after the cycle; 0 = it succeeded after failures
  std::string code;          ///< when failing: upwork_error, rate_limited, database, ...
  std::string message;       ///< when failing: short and secret-free
};

/// Writes every change in one statement: a failure sets the count, code, text and time
/// (and, at the first failure, last_success_at to the last success known then); a
/// recovery sets the count to 0 and last_success_at to now, keeping the last error as
/// history. A contract without a cursor gets one (import state pending); a contract that
/// no longer exists is skipped. Later changes of the same contract win.
void record(pqxx::transaction_base& tx, const std::vector<change>& changes);

struct last_error {
  std::string code;
  std::string message;
  std::int64_t at = 0; ///< Unix seconds
};

struct contract_health {
  std::optional<last_error> error;             ///< the last error, also after a recovery
  std::optional<std::int64_t> last_success_at; ///< Unix seconds
  int failures_in_a_row = 0;
  bool failing() const { return failures_in_a_row >= failing_after; }
};

/// One contract's health; healthy and empty when it has no cursor (or does not exist).
contract_health read(pqxx::transaction_base& tx, db_id workspace_id, const std::string& contract_id);

} // namespace upsync::storage::sync_health
