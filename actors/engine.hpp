// The sync engine as the rest of upsyncd sees it: an actor system with the supervisor,
// started and stopped as one, told when a mapping changes. No CAF types leak out.
#pragma once

#include "actors/messages.hpp"
#include "metrics/actor_overview.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace upsync::upwork {
class client_observer;
}

namespace upsync::sync {

struct engine_settings;

class engine {
public:
  explicit engine(engine_settings settings, std::size_t scheduler_threads = 2);
  ~engine(); ///< stops every actor and waits for them
  engine(const engine&) = delete;
  engine& operator=(const engine&) = delete;

  /// Loads every active connection and syncing contract and starts their cycles.
  void start();

  /// A mapping, selection or connection of this organization changed: reload it now.
  void organization_changed(storage::db_id workspace_id, const std::string& organization_id);

  /// Refresh the organization from Upwork now (F5), through its organization actor; the
  /// outcome shows in its refresh_status (idle or failed) and last_refreshed_at.
  void refresh_organization(storage::db_id workspace_id, const std::string& organization_id);
  /// Runs the organization's sync cycle now ("Sync now"); joins the one running, if any.
  void sync_organization(storage::db_id workspace_id, const std::string& organization_id);

  /// Discovery of this connection failed at connect: retry it in the background, backing
  /// off, until it succeeds (actors/discovery_actor.hpp).
  void retry_discovery(storage::db_id connection_id);

  /// A connection was added or re-authorized: reload everything.
  void reload_all();

  /// Kills the organization's actor as a crash would (an operator's kick for a stuck
  /// organization); the supervisor restarts it from PostgreSQL. False when it does not run.
  bool restart_organization(storage::db_id workspace_id, const std::string& organization_id);

  /// What the actors last reported (metrics on), restarts included; nullopt when off.
  std::optional<metrics::actor_overview> overview() const;

  /// Counts Upwork requests into the engine's metrics (upsync_upwork_requests_total and
  /// friends), for the Upwork calls made outside the engine (the API's connect); null when
  /// metrics are off.
  std::shared_ptr<upwork::client_observer> upwork_meter() const;

  /// True while the actor system runs.
  bool running() const;

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace upsync::sync
