// The DISCOVERY actor: finishes connects whose discovery failed (issue 16). The OAuth
// callback keeps a connection whose organizations could not be read (Upwork down, an odd
// answer) with discovery `failed`; this actor tries again in the background, backing off
// from 2 s, doubling to 5 min, until it succeeds — no new authorization needed. At start it
// also picks up connections left pending or failed by an earlier run.
//
// Each attempt reads the connection afresh (still active? tokens?), asks Upwork with the
// stored access token (the connection actor keeps it fresh and persisted), and saves the
// outcome in one transaction. Detached: it blocks on Upwork and PostgreSQL.
#include "actors/actors.hpp"
#include "actors/discovery_actor.hpp"
#include "actors/connection_requests.hpp"
#include "common/encoding.hpp"
#include "protocol/upwork/beast_http_client.hpp"
#include "protocol/upwork/organization_snapshot.hpp"
#include "protocol/upwork/token_provider.hpp"
#include "protocol/upwork/upwork_client.hpp"
#include "storage/connection_discovery.hpp"
#include "storage/secrets.hpp"

#include <caf/all.hpp>
#include <pqxx/pqxx>
#include <set>
#include <spdlog/spdlog.h>

namespace upsync::sync {

std::chrono::milliseconds discovery_retry_delay(int failures) {
  constexpr auto first = std::chrono::milliseconds(2000);
  constexpr auto cap = std::chrono::milliseconds(300'000);
  if (failures <= 0)
    return std::chrono::milliseconds(0);
  auto delay = first;
  for (int i = 1; i < failures && delay < cap; ++i)
    delay *= 2;
  return std::min(delay, cap);
}

namespace {

struct discovery_state {
  std::shared_ptr<const engine_settings> settings;
  supervisor_actor supervisor;
  std::set<storage::db_id> scheduled; ///< connections with an attempt on the timer
  static inline const char* name = "discovery";
};

using self_ptr = discovery_actor::stateful_pointer<discovery_state>;

void schedule(self_ptr self, storage::db_id connection_id, int failures) {
  if (!self->state.scheduled.insert(connection_id).second)
    return; // one attempt on the timer per connection is enough
  self->delayed_send(self, discovery_retry_delay(failures), atom::tick_v, connection_id);
}

std::optional<std::string> access_token_of(const engine_settings& settings, const storage::discovery_due& due) {
  auto key = storage::secret_key::from_hex(settings.secret_key_hex);
  auto sealed = encoding::from_hex(due.access_token_enc);
  if (!key || !sealed)
    return std::nullopt;
  return storage::decrypt(*key, *sealed, storage::connection_aad(due.connection_id));
}

upwork::result<std::vector<upwork::organization_snapshot>>
discover(const engine_settings& settings, const storage::discovery_due& due, const std::string& access_token) {
  upwork::client_options options;
  options.graphql_url = settings.graphql_url;
  options.observer = settings.upwork_meter;
  auto tokens = std::make_shared<upwork::static_token_provider>(access_token);
  if (settings.requests_by_connection) // the connection's requests today (the STORE saves them)
    tokens->count_requests_in(settings.requests_by_connection->of(due.workspace_id, due.connection_id));
  upwork::upwork_client client{options, std::make_shared<upwork::beast_http_client>(), tokens, settings.budget};
  return upwork::discover_organizations(client);
}

// One attempt; returns the failures in a row after it (0: done, or nothing left to do).
int attempt(self_ptr self, storage::db_id connection_id) {
  const auto& settings = *self->state.settings;
  int failures = 1;
  try {
    pqxx::connection db{settings.database_url};
    std::vector<storage::discovery_due> due;
    {
      pqxx::work tx{db};
      due = storage::list_discovery_due(tx, connection_id);
      tx.commit();
    }
    if (due.empty())
      return 0; // done meanwhile, disconnected, or waiting for a re-authorization
    failures = due.front().failures + 1;
    auto token = access_token_of(settings, due.front());
    if (!token) {
      spdlog::error("discovery_tokens_unreadable connection={}", connection_id);
      return 0; // a new authorization is needed; retrying cannot help
    }
    auto found = discover(settings, due.front(), *token); // outside any transaction
    pqxx::work tx{db};
    if (found.ok()) {
      auto counts =
        storage::save_connection_discovery(tx, due.front().workspace_id, connection_id, *found, settings.now());
      tx.commit();
      if (counts) {
        spdlog::info("upwork_discovered connection={} organizations={} users={} contracts={} in_background=true",
                     connection_id, counts->organizations, counts->users, counts->contracts);
        self->send(self->state.supervisor, atom::load_v); // its organizations start
      }
      return 0;
    }
    const auto& e = found.error();
    auto after = storage::mark_discovery_failed(tx, due.front().workspace_id, connection_id, upwork::summary(e));
    tx.commit();
    spdlog::warn("upwork_discovery_failed connection={} kind={} status={} failures={} error=\"{}\"", connection_id,
                 upwork::to_string(e.kind), e.http_status, after.value_or(0), e.message);
    return after.value_or(0);
  } catch (const std::exception& e) {
    spdlog::warn("upwork_discovery_not_saved connection={} error=\"{}\"", connection_id, e.what());
    return failures;
  }
}

void load(self_ptr self) {
  try {
    pqxx::connection db{self->state.settings->database_url};
    pqxx::work tx{db};
    for (const auto& due : storage::list_discovery_due(tx))
      schedule(self, due.connection_id, due.failures);
    tx.commit();
  } catch (const std::exception& e) {
    spdlog::warn("discovery_load_failed error=\"{}\"", e.what());
    self->delayed_send(self, discovery_retry_delay(1), atom::load_v);
  }
}

discovery_actor::behavior_type discovery_behavior(self_ptr self, std::shared_ptr<const engine_settings> settings,
                                                  supervisor_actor supervisor) {
  self->state.settings = std::move(settings);
  self->state.supervisor = std::move(supervisor);
  return {
    [self](atom::load) { load(self); },
    // Discovery failed at connect (its first failure is counted): retry after the backoff.
    [self](atom::reload, storage::db_id connection_id) { schedule(self, connection_id, 1); },
    [self](atom::tick, storage::db_id connection_id) {
      self->state.scheduled.erase(connection_id);
      if (int failures = attempt(self, connection_id); failures > 0)
        schedule(self, connection_id, failures);
    },
  };
}

} // namespace

discovery_actor spawn_discovery_actor(caf::actor_system& sys, std::shared_ptr<const engine_settings> settings,
                                      supervisor_actor supervisor) {
  return sys.spawn<caf::detached>(discovery_behavior, std::move(settings), std::move(supervisor));
}

} // namespace upsync::sync
