// A CONNECTION actor: one per OAuth grant. It owns the grant's token provider (shared with
// the fetchers, which serialises refreshes and persists every rotated set before use) and
// keeps the grant alive when its organizations are quiet: on a timer it asks a fetcher for
// a usable token, which refreshes ahead of expiry. A refused refresh means the grant is
// gone: the supervisor pauses the connection's organizations, keeping every mapping.
#include "actors/actors.hpp"
#include "actors/metered_actor.hpp"
#include "actors/upwork_requests.hpp"

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

namespace upsync::sync {

namespace {

struct connection_state {
  storage::db_id connection_id = 0;
  supervisor_actor supervisor;
  fetcher_actor fetchers;
  std::shared_ptr<upwork::token_provider> tokens;
  std::chrono::milliseconds check_interval{0};
  static inline const char* name = "connection";
};

connection_actor::behavior_type connection_behavior(metered_actor<connection_state, connection_actor::base>* self,
                                                    storage::db_id connection_id, supervisor_actor supervisor,
                                                    fetcher_actor fetchers,
                                                    std::shared_ptr<upwork::token_provider> tokens,
                                                    std::chrono::milliseconds interval) {
  auto& st = self->state;
  st.connection_id = connection_id;
  st.supervisor = std::move(supervisor);
  st.fetchers = std::move(fetchers);
  st.tokens = std::move(tokens);
  st.check_interval = interval;
  self->delayed_send(self, interval, atom::tick_v);
  return {
    [self](atom::tick) {
      auto& st = self->state;
      request_upwork(self, st.fetchers, domain::request_purpose::token, token_check_query{st.tokens})
        .then(
          [self](const token_check_answer& answer) {
            auto& st = self->state;
            if (answer.failure && answer.failure->kind == fetch_failure::what::needs_reauth) {
              self->send(st.supervisor, atom::reauth_v, st.connection_id);
              return; // no more checks: the grant is gone until re-authorized
            }
            if (answer.failure)
              spdlog::warn("connection_token_check_failed connection={} error=\"{}\"", st.connection_id,
                           answer.failure->message);
            self->delayed_send(self, st.check_interval, atom::tick_v);
          },
          [self](const caf::error&) { self->delayed_send(self, self->state.check_interval, atom::tick_v); });
    },
  };
}

} // namespace

connection_actor spawn_connection_actor(caf::actor_system& sys, storage::db_id connection_id,
                                        supervisor_actor supervisor, fetcher_actor fetchers,
                                        std::shared_ptr<upwork::token_provider> tokens,
                                        std::chrono::milliseconds check_interval) {
  return sys.spawn(connection_behavior, connection_id, std::move(supervisor), std::move(fetchers), std::move(tokens),
                   check_interval);
}

} // namespace upsync::sync
