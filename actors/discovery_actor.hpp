// The DISCOVERY actor (see discovery_actor.cpp): retries a connection's discovery in the
// background until it succeeds. Its protocol: actors/actors.hpp.
#pragma once

#include "actors/actor_interfaces.hpp"
#include "storage/records.hpp"

#include <caf/fwd.hpp>
#include <chrono>
#include <memory>

namespace upsync::sync {

struct engine_settings;

discovery_actor spawn_discovery_actor(caf::actor_system& sys, std::shared_ptr<const engine_settings> settings,
                                      supervisor_actor supervisor);

/// The wait before the next attempt after `failures` failures in a row: 2 s, doubling,
/// at most 5 min; none before the first attempt.
std::chrono::milliseconds discovery_retry_delay(int failures);

} // namespace upsync::sync
