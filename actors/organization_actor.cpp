// An ORGANIZATION actor: owns one Upwork organization's mapping (its contracts, their plans
// and rates), its sync cycle (organization_cycle.cpp) and its refresh from Upwork
// (organization_refresh.cpp) and the batching of its contracts' diary reads
// (organization_diaries.cpp). This file is its behavior: the messages it takes.
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
  // Its contracts read their days through it, which batches them, unless batching is off.
  // (The handle to itself lives in its state, which CAF destroys when it exits: no cycle.)
  diary_reader_actor diaries = st.deps.settings->diary_batch > 1 ? caf::actor_cast<diary_reader_actor>(self)
                                                                 : diary_reader_actor{st.deps.fetchers};
  for (const auto& writer : st.deps.writers)
    st.shared_deps.push_back(
      std::make_shared<const contract_deps>(contract_deps{diaries, writer, st.deps.tokens, st.deps.settings}));
  return {
    [self](work_diary_query& query) { return ask_diary(self, query); },
    [self](atom::flush, std::uint64_t gen) {
      if (gen == self->state.diary_flush_generation)
        diary_linger_ended(self);
    },
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
