// The engine's instruments in the metrics registry, resolved once so that the hot paths
// (fetchers, writers, the supervisor) pay an atomic add, never a lookup. Null everywhere
// when metrics are off.
#pragma once

#include "metrics/registry.hpp"
#include "protocol/upwork/observer.hpp"

#include <memory>
#include <string>

namespace upsync::sync {

struct engine_instruments {
  explicit engine_instruments(metrics::registry& r);

  metrics::registry& registry;
  // Upwork
  metrics::family<metrics::counter>& upwork_requests;         ///< {operation, status}
  metrics::family<metrics::histogram>& upwork_request_seconds; ///< {operation}
  metrics::family<metrics::counter>& upwork_retries;          ///< {operation}
  metrics::family<metrics::counter>& token_refreshes;         ///< {result}
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

  /// Counts a PostgreSQL failure by its SQLSTATE class.
  void postgres_error(const std::exception& e);
};

/// Counts the Upwork client's requests, retries and token refreshes.
std::shared_ptr<upwork::client_observer> make_upwork_meter(std::shared_ptr<engine_instruments> instruments);

} // namespace upsync::sync
