// The actor system configuration of the deterministic actor tests: CAF's test coordinator
// as scheduler (time and message order driven by the test) and upsync's message types.
#pragma once

#include "actors/atoms.hpp"

#include <caf/all.hpp>

namespace upsync::testing {

inline caf::actor_system_config& deterministic_config(caf::actor_system_config& cfg) {
  cfg.set("scheduler.policy", caf::atom("testing"));
  cfg.add_message_types<caf::id_block::upsync>();
  return cfg;
}

} // namespace upsync::testing
