// The DISCOVERY actor (see discovery_actor.cpp): retries a connection's discovery in the
// background until it succeeds.
//   (load_atom)                   -> void  schedules every connection pending or failed
//   (reload_atom, connection_id)  -> void  discovery failed at connect: retry after backoff
//   (tick_atom, connection_id)    -> void  one attempt now (self-scheduled)
// On success it sends (load_atom) to the supervisor, so the new organizations start.
#pragma once

#include "storage/records.hpp"

#include <caf/actor.hpp>
#include <caf/fwd.hpp>
#include <chrono>
#include <memory>

namespace upsync::sync {

struct engine_settings;

caf::actor spawn_discovery_actor(caf::actor_system& sys, std::shared_ptr<const engine_settings> settings,
                                 caf::actor supervisor);

/// The wait before the next attempt after `failures` failures in a row: 2 s, doubling,
/// at most 5 min; none before the first attempt.
std::chrono::milliseconds discovery_retry_delay(int failures);

} // namespace upsync::sync
