// The ORGANIZATION actor's refresh from Upwork (F5; the actor: organization_actor.cpp). A
// refresh (on demand, and every refresh_interval) reads the organization from Upwork, has the
// store write it in one transaction and reloads the plans, so new contracts, paused or closed
// ones and new rates apply at once (F5, F9, F10). Refreshes never overlap: a request during
// one joins it.
#include "actors/organization_state.hpp"
#include "domain/organization_kind.hpp"

#include <algorithm>
#include <caf/all.hpp>
#include <spdlog/spdlog.h>

namespace upsync::sync::organization {

namespace {

void schedule_refresh(self_ptr self, std::chrono::milliseconds delay) {
  auto gen = ++self->state.refresh_generation;
  self->delayed_send(self, delay, atom::refresh_v, gen);
}

void finish_refresh(self_ptr self, std::optional<std::string> error = std::nullopt) {
  auto& st = self->state;
  end_run(st, st.refresh_run, error ? "failed" : "succeeded", std::move(error));
  self->state.refreshing = false;
  if (!self->state.paused) // a lost grant waits for re-authorization, not for the timer
    schedule_refresh(self, self->state.deps.settings->refresh_interval);
}

void refresh_failed(self_ptr self, const fetch_failure& failure) {
  auto& st = self->state;
  spdlog::warn("organization_refresh_failed organization={} error=\"{}\"", st.organization_id, failure.message);
  caf::anon_send(st.deps.store, atom::refresh_v,
                 organization_refresh{st.workspace_id, st.connection_id, st.organization_id, std::nullopt});
  if (failure.kind == fetch_failure::what::needs_reauth)
    pause_for_reauth(self);
  finish_refresh(self, failure.message);
}

// The refresh is written: the plans as they are now (new, paused, closed contracts, rates).
void reload_after_refresh(self_ptr self, const refresh_saved& saved) {
  auto& st = self->state;
  // A contract held by another organization of the workspace may have changed too.
  for (const auto& other : saved.organizations_touched)
    if (other != st.organization_id)
      self->send(st.deps.supervisor, atom::reload_v, st.workspace_id, other);
  self->request(st.deps.store, caf::infinite, atom::load_v, st.workspace_id, st.organization_id)
    .then(
      [self](const engine_plan& plan) {
        apply_plans(self, plan.contracts);
        spdlog::info("organization_refreshed organization={} syncing_contracts={}", self->state.organization_id,
                     self->state.contracts.size());
        finish_refresh(self);
        if (!self->state.cycling)
          run_cycle(self);
      },
      [self](const caf::error&) {
        // The supervisor retries loading until the database answers.
        auto& st = self->state;
        self->send(st.deps.supervisor, atom::reload_v, st.workspace_id, st.organization_id);
        finish_refresh(self); // written: the refresh itself succeeded
      });
}

} // namespace

void start_refresh(self_ptr self) {
  auto& st = self->state;
  if (st.refreshing)
    return; // joins the one running: it reads Upwork as it is now
  if (st.paused) {
    refresh_failed(self, fetch_failure{fetch_failure::what::retry_later, "the connection needs re-authorization"});
    return;
  }
  st.refreshing = true;
  st.refresh_run = begin_run(st, "refresh");
  upwork::organization_hint hint;
  hint.kind = domain::parse_organization_kind(st.organization_type);
  self->request(st.deps.fetchers, caf::infinite, organization_query{st.deps.tokens, st.organization_id, hint})
    .then(
      [self](const organization_answer& answer) {
        auto& st = self->state;
        st.refresh_run.requests += answer.requests;
        if (answer.failure || !answer.snapshot) {
          refresh_failed(self, answer.failure.value_or(fetch_failure{fetch_failure::what::retry_later, "no answer"}));
          return;
        }
        self
          ->request(st.deps.store, caf::infinite, atom::refresh_v,
                    organization_refresh{st.workspace_id, st.connection_id, st.organization_id, answer.snapshot})
          .then([self](const refresh_saved& saved) { reload_after_refresh(self, saved); },
                [self](const caf::error& e) {
                  refresh_failed(self,
                                 fetch_failure{fetch_failure::what::retry_later, "store: " + self->system().render(e)});
                });
      },
      [self](const caf::error& e) {
        refresh_failed(self, fetch_failure{fetch_failure::what::retry_later, self->system().render(e)});
      });
}

// What the plan says of the organization itself; the first one starts the refresh timer
// (due when the last refresh is a refresh_interval old).
void adopt_organization(self_ptr self, const engine_plan& plan) {
  auto& st = self->state;
  for (const auto& o : plan.organizations) {
    if (o.workspace_id != st.workspace_id || o.organization_id != st.organization_id)
      continue;
    st.organization_type = o.organization_type;
    if (st.refresh_scheduled)
      return;
    st.refresh_scheduled = true;
    auto interval = st.deps.settings->refresh_interval;
    auto delay = interval;
    if (o.last_refreshed_at) {
      auto age = std::chrono::seconds(st.deps.settings->now() - *o.last_refreshed_at);
      delay = std::clamp<std::chrono::milliseconds>(interval - age, std::chrono::milliseconds(0), interval);
    }
    schedule_refresh(self, delay);
    return;
  }
}

} // namespace upsync::sync::organization
