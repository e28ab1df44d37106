// The engine's instruments in the metrics registry, resolved once so that the hot paths
// (fetchers, writers, the supervisor) pay an atomic add, never a lookup. Null everywhere
// when metrics are off.
#pragma once

#include "actors/sync_failure.hpp"
#include "metrics/registry.hpp"
#include "protocol/upwork/observer.hpp"

#include <array>
#include <memory>
#include <string>

namespace upsync::sync {

struct engine_instruments {
  explicit engine_instruments(metrics::registry& r);

  metrics::registry& registry;
  // Upwork
  metrics::family<metrics::counter>& upwork_requests;          ///< {operation, status}
  metrics::family<metrics::histogram>& upwork_request_seconds; ///< {operation}
  metrics::family<metrics::counter>& upwork_retries;           ///< {operation}
  metrics::family<metrics::counter>& token_refreshes;          ///< {result}
  metrics::family<metrics::counter>& upwork_entries_skipped;   ///< {operation} odd list entries
  metrics::counter& needs_reauth;
  // actors
  metrics::family<metrics::counter>& restarts; ///< {kind}
  metrics::family<metrics::counter>& cycles;   ///< {result}
  // data
  metrics::counter& cells_fetched;
  metrics::counter& cells_written;
  metrics::counter& intervals_written;
  metrics::histogram& writer_batch_cells;
  metrics::histogram& writer_commit_seconds;
  metrics::gauge& writer_queue_batches;
  metrics::family<metrics::counter>& postgres_errors; ///< {class}
  // failures (issue 16)
  metrics::family<metrics::counter>& contract_sync_failures; ///< {code}
  metrics::gauge& contracts_failing; ///< at or over sync_health::failing_after failures in a row

  /// Counts a failed contract cycle by its code.
  void contract_cycle_failed(failure_code code);

  /// Counts a PostgreSQL failure by its SQLSTATE class.
  void postgres_error(const std::exception& e);

private:
  std::array<metrics::counter*, std::size(all_failure_codes)> failures_by_code_{}; ///< resolved once
};

/// Counts the Upwork client's requests, retries and token refreshes.
std::shared_ptr<upwork::client_observer> make_upwork_meter(std::shared_ptr<engine_instruments> instruments);

} // namespace upsync::sync
