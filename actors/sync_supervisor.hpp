// Spawning the SYNC SUPERVISOR (protocol in actors/actors.hpp). Its children are made by
// functions so that a test can run the supervisor on CAF's deterministic scheduler with
// stand-ins; production passes none and gets the real pools, store and organizations.
#pragma once

#include "actors/organization_actor.hpp"

#include <functional>

namespace upsync::sync {

struct supervisor_children {
  std::function<fetcher_actor(caf::actor_system&)> fetchers; ///< default spawn_fetcher_pool
  std::function<store_actor(caf::actor_system&)> store;      ///< default spawn_store
  std::function<writer_actor(caf::actor_system&)> writer;    ///< default spawn_writer (settings.writers of them)
  /// default spawn_organization_actor
  std::function<organization_actor(caf::actor_system&, storage::db_id workspace_id, std::string organization_id,
                                   storage::db_id connection_id, organization_deps deps)>
    organization;
};

supervisor_actor spawn_sync_supervisor(caf::actor_system& sys, std::shared_ptr<const engine_settings> settings,
                                       supervisor_children children = {});

} // namespace upsync::sync
