// Spawning a CONTRACT actor (protocol in actors/actors.hpp).
#pragma once

#include "actors/actors.hpp"

namespace upsync::sync {

contract_actor spawn_contract_actor(caf::actor_system& sys, storage::engine_store::contract_plan plan,
                                    std::shared_ptr<const contract_deps> deps);

} // namespace upsync::sync
