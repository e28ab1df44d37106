// Spawning an ORGANIZATION actor (protocol in actors/actors.hpp).
#pragma once

#include "actors/actors.hpp"

namespace upsync::sync {

struct organization_deps {
  supervisor_actor supervisor;
  fetcher_actor fetchers;
  store_actor store;
  std::vector<writer_actor> writers;
  std::shared_ptr<upwork::token_provider> tokens;
  std::shared_ptr<const engine_settings> settings;
};

organization_actor spawn_organization_actor(caf::actor_system& sys, storage::db_id workspace_id,
                                            std::string organization_id, storage::db_id connection_id,
                                            organization_deps deps);

} // namespace upsync::sync
