// An ORGANIZATION actor: owns one Upwork organization's mapping (its contracts, their plans
// and rates), its sync cycle (organization_cycle.cpp) and its refresh from Upwork
// (organization_refresh.cpp). This file is its behavior: the messages it takes.
#include "actors/organization_state.hpp"

#include <caf/all.hpp>

namespace upsync::sync {

namespace {

using namespace organization;

organization_actor::behavior_type organization_behavior(self_ptr self, storage::db_id workspace_id,
                                                        std::string organization_id, storage::db_id connection_id,
                                                        organization_deps deps) {
  auto& st = self->state;
  st.workspace_id = workspace_id;
  st.organization_id = std::move(organization_id);
  st.connection_id = connection_id;
  st.deps = std::move(deps);
  st.health.start(st.workspace_id, st.deps.settings->instruments.get());
  st.reported.start(st.workspace_id);
  for (const auto& writer : st.deps.writers)
    st.shared_deps.push_back(
      std::make_shared<const contract_deps>(contract_deps{st.deps.fetchers, writer, st.deps.tokens, st.deps.settings}));
  return {
    [self](atom::tick) { run_cycle(self); },
    [self](atom::tick, std::uint64_t gen) {
      if (gen == self->state.generation)
        run_cycle(self);
    },
    [self](atom::reload, const engine_plan& plan) {
      adopt_organization(self, plan);
      apply_plans(self, plan.contracts);
      if (!self->state.cycling)
        run_cycle(self);
    },
    [self](atom::refresh) { start_refresh(self); },
    [self](atom::refresh, std::uint64_t gen) {
      if (gen == self->state.refresh_generation)
        start_refresh(self);
    },
  };
}

} // namespace

organization_actor spawn_organization_actor(caf::actor_system& sys, storage::db_id workspace_id,
                                            std::string organization_id, storage::db_id connection_id,
                                            organization_deps deps) {
  return sys.spawn(organization_behavior, workspace_id, std::move(organization_id), connection_id, std::move(deps));
}

} // namespace upsync::sync
