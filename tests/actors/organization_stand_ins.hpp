// What an ORGANIZATION actor test spawns it with: untyped stand-ins for its peers (the
// fetcher pool, the store, one writer, the supervisor), which answer only what a test
// drives, cast to their interfaces in one place.
#pragma once

#include "actors/organization_actor.hpp"

#include <caf/all.hpp>
#include <memory>
#include <string>
#include <vector>

namespace upsync::testing {

struct organization_stand_ins {
  caf::actor supervisor, fetcher, store, writer;

  /// Workspace 1, connection 9, as every organization test's plans say.
  sync::organization_actor spawn(caf::actor_system& sys, const std::string& organization_id,
                                 std::shared_ptr<const sync::engine_settings> settings) const {
    return sync::spawn_organization_actor(sys, 1, organization_id, 9,
                                          sync::organization_deps{caf::actor_cast<sync::supervisor_actor>(supervisor),
                                                                  caf::actor_cast<sync::fetcher_actor>(fetcher),
                                                                  caf::actor_cast<sync::store_actor>(store),
                                                                  {caf::actor_cast<sync::writer_actor>(writer)},
                                                                  nullptr,
                                                                  std::move(settings)});
  }

  /// Stops every stand-in (a test's teardown).
  void stop() const {
    for (const auto& a : {supervisor, fetcher, store, writer})
      caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
  }
};

} // namespace upsync::testing
