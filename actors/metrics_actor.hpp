// The METRICS actor (the accountant): engine actors announce themselves and send it their
// own counters after they handled messages (CAF 0.17 cannot read another actor's
// mailbox); it folds the reports into a metrics::actor_overview and publishes it on a
// board that /metrics and /api/v1/admin/actors read without talking to any actor.
#pragma once

#include "actors/actor_interfaces.hpp"
#include "metrics/actor_overview.hpp"

#include <caf/fwd.hpp>
#include <chrono>
#include <memory>
#include <mutex>

namespace upsync::sync {

/// The latest overview, swapped whole under a lock (readers copy a shared_ptr).
class overview_board {
public:
  void publish(std::shared_ptr<const metrics::actor_overview> overview) {
    std::lock_guard lock{mutex_};
    latest_ = std::move(overview);
  }
  std::shared_ptr<const metrics::actor_overview> latest() const {
    std::lock_guard lock{mutex_};
    return latest_;
  }

private:
  mutable std::mutex mutex_;
  std::shared_ptr<const metrics::actor_overview> latest_;
};

/// Its protocol: actors/actors.hpp. Spawns the actor and registers it in the system's
/// registry (metrics_actor_key) so that every metered actor spawned afterwards finds it.
/// Every `interval` it publishes the overview again if a report came (with more than
/// 10,000 actors, every live/10,000 intervals: a fold copies every actor's summary).
metrics_actor spawn_metrics_actor(caf::actor_system& sys, std::shared_ptr<overview_board> board,
                                  std::chrono::milliseconds interval);

} // namespace upsync::sync
