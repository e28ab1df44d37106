// The SYNC SUPERVISOR: loads every active connection, selected organization and syncing
// contract from PostgreSQL, owns one token provider and connection actor per OAuth grant
// (the connection's tokens, refreshed and persisted in one step), spawns and monitors an
// organization actor per selected organization, hands it refresh requests,
// restarts a failed one with backoff from its persisted state, and pauses a connection's
// organizations when its grant is gone.
#include "actors/connection_requests.hpp"
#include "actors/engine_metrics.hpp"
#include "actors/metered_actor.hpp"
#include "actors/sync_supervisor.hpp"
#include "actors/token_persistence.hpp"
#include "protocol/upwork/beast_http_client.hpp"
#include "protocol/upwork/oauth.hpp"
#include "protocol/upwork/token_provider.hpp"
#include "storage/secrets.hpp"

#include <caf/all.hpp>
#include <set>
#include <spdlog/spdlog.h>

namespace upsync::sync {

namespace {

using org_key = std::pair<storage::db_id, std::string>;

// An organization that ran this long since its last failure is healthy again: its next
// failure restarts it after the shortest backoff, not after the 64 s earned long ago.
constexpr auto healthy_after = std::chrono::minutes(10);

struct failure_history {
  int count = 0; ///< failures in a row, none more than healthy_after apart
  caf::actor_clock::time_point last{};
};

struct supervisor_state {
  std::shared_ptr<const engine_settings> settings;
  supervisor_children children;
  fetcher_actor fetchers;
  store_actor store;
  std::vector<writer_actor> writers;
  std::map<storage::db_id, std::shared_ptr<upwork::token_provider>> providers;
  std::map<storage::db_id, storage::db_id> connection_workspace;
  std::map<storage::db_id, connection_actor> connections;
  std::map<org_key, organization_actor> organizations;
  std::map<org_key, storage::db_id> organization_connection;
  std::map<caf::actor_addr, org_key> by_address;
  std::map<org_key, failure_history> failures;
  static inline const char* name = "sync-supervisor";
};

using self_ptr = metered_actor<supervisor_state, supervisor_actor::base>*;

// The grant's tokens, decrypted once; every rotation is sealed and stored by the STORE
// before the new access token is used (the provider waits for its answer first).
std::shared_ptr<upwork::token_provider> make_provider(caf::actor_system& sys, const store_actor& store,
                                                      const engine_settings& settings,
                                                      const storage::engine_store::connection_tokens& c) {
  auto key = storage::secret_key::from_hex(settings.secret_key_hex);
  if (!key)
    return nullptr;
  std::string associated = storage::connection_aad(c.id);
  auto access = storage::decrypt(*key, c.access_token_enc, associated);
  auto refresh = storage::decrypt(*key, c.refresh_token_enc, associated);
  if (!access || !refresh) {
    spdlog::error("connection_tokens_unreadable connection={}", c.id);
    return nullptr;
  }
  upwork::oauth_config oauth;
  oauth.token_url = settings.token_url;
  oauth.client_id = settings.client_id;
  oauth.client_secret = settings.client_secret;
  auto client =
    std::make_shared<upwork::oauth_client>(oauth, std::make_shared<upwork::beast_http_client>(), settings.budget);
  if (settings.upwork_meter)
    client->set_observer(settings.upwork_meter); // the token endpoint's exchanges count too
  auto requests = settings.requests_by_connection ? settings.requests_by_connection->of(c.workspace_id, c.id) : nullptr;
  client->count_requests_in(requests);
  upwork::token_set current;
  current.access_token = *access;
  current.refresh_token = *refresh;
  std::optional<upwork::clock::time_point> expires;
  if (c.access_expires_at) // stored as wall-clock seconds; the provider runs on its own clock
    expires = upwork::expiry_on(*upwork::clock::system(),
                                std::chrono::system_clock::time_point{std::chrono::seconds(*c.access_expires_at)});
  auto provider = std::make_shared<upwork::oauth_token_provider>(
    client, current, expires, persist_through_store(sys, store, c.workspace_id, c.id));
  if (settings.upwork_meter)
    provider->set_observer(settings.upwork_meter);
  provider->count_requests_in(std::move(requests));
  return provider;
}

void stop_organization(self_ptr self, const org_key& key) {
  auto& st = self->state;
  auto it = st.organizations.find(key);
  if (it == st.organizations.end())
    return;
  st.by_address.erase(it->second.address());
  self->demonitor(it->second.address());
  self->send_exit(it->second, caf::exit_reason::user_shutdown);
  st.organizations.erase(it);
  st.organization_connection.erase(key);
}

// A full plan lists every active connection: a grant missing from it was disconnected
// (or lost), and its tokens must not be refreshed or used any more.
void drop_inactive_connections(self_ptr self, const engine_plan& plan) {
  auto& st = self->state;
  std::set<storage::db_id> active;
  for (const auto& c : plan.connections)
    active.insert(c.id);
  for (auto it = st.connections.begin(); it != st.connections.end();) {
    if (active.count(it->first)) {
      ++it;
      continue;
    }
    spdlog::info("connection_stopped connection={}", it->first);
    self->unlink_from(it->second);
    self->send_exit(it->second, caf::exit_reason::user_shutdown);
    st.providers.erase(it->first);
    it = st.connections.erase(it);
  }
}

// Applies a plan: all organizations (`only` empty) or the one named.
void apply(self_ptr self, const engine_plan& plan, std::optional<org_key> only) {
  auto& st = self->state;
  if (!only)
    drop_inactive_connections(self, plan);
  for (const auto& c : plan.connections)
    st.connection_workspace[c.id] = c.workspace_id;
  for (const auto& c : plan.connections)
    if (!st.providers.count(c.id))
      if (auto provider = make_provider(self->system(), st.store, *st.settings, c)) {
        st.providers[c.id] = provider;
        auto actor =
          spawn_connection_actor(self->system(), c.id, self, st.fetchers, provider, st.settings->token_check_interval);
        self->link_to(actor); // lives and dies with the supervisor
        st.connections[c.id] = actor;
      }
  // Every selected organization of an active grant gets an actor (it owns the refresh),
  // with the contracts that sync now.
  std::map<org_key, engine_plan> by_org;
  std::map<org_key, storage::db_id> connection_of;
  for (const auto& o : plan.organizations) {
    org_key key{o.workspace_id, o.organization_id};
    if (!st.providers.count(o.connection_id))
      continue; // tokens unreadable or grant inactive
    by_org[key].organizations.push_back(o);
    connection_of[key] = o.connection_id;
  }
  for (const auto& contract : plan.contracts) {
    org_key key{contract.workspace_id, contract.organization_id};
    if (!st.providers.count(contract.connection_id))
      continue;
    by_org[key].contracts.push_back(contract);
    connection_of[key] = contract.connection_id;
  }
  // Organizations deselected or of a grant gone stop; their intervals stay.
  std::vector<org_key> gone;
  for (const auto& [key, actor] : st.organizations)
    if ((!only || key == *only) && !by_org.count(key))
      gone.push_back(key);
  for (const auto& key : gone)
    stop_organization(self, key);
  for (auto& [key, org_plan] : by_org) {
    auto connection_id = connection_of[key];
    auto it = st.organizations.find(key);
    if (it == st.organizations.end()) {
      organization_deps deps{self, st.fetchers, st.store, st.writers, st.providers[connection_id], st.settings};
      auto actor = st.children.organization(self->system(), key.first, key.second, connection_id, std::move(deps));
      self->monitor(actor);
      st.by_address[actor.address()] = key;
      st.organization_connection[key] = connection_id;
      it = st.organizations.emplace(key, actor).first;
    }
    self->send(it->second, atom::reload_v, org_plan);
  }
  // Operators (and bench_scale) read start-up time from this line.
  if (!only)
    spdlog::info("engine_plan_applied organizations={} contracts={}", by_org.size(), plan.contracts.size());
}

void load(self_ptr self, std::optional<org_key> only) {
  auto& st = self->state;
  auto on_plan = [self, only](const engine_plan& plan) { apply(self, plan, only); };
  auto on_error = [self, only](const caf::error& e) {
    spdlog::warn("engine_load_failed error=\"{}\"", self->system().render(e));
    if (only)
      self->delayed_send(self, std::chrono::seconds(5), atom::reload_v, only->first, only->second);
    else
      self->delayed_send(self, std::chrono::seconds(5), atom::load_v);
  };
  if (only)
    self->request(st.store, caf::infinite, atom::load_v, only->first, only->second).then(on_plan, on_error);
  else
    self->request(st.store, caf::infinite, atom::load_v).then(on_plan, on_error);
}

// The production children for every function a test did not replace.
supervisor_children complete(supervisor_children c, const std::shared_ptr<const engine_settings>& settings) {
  if (!c.fetchers)
    c.fetchers = [settings](caf::actor_system& sys) { return spawn_fetcher_pool(sys, settings); };
  if (!c.store)
    c.store = [settings](caf::actor_system& sys) { return spawn_store(sys, settings); };
  if (!c.writer)
    c.writer = [settings](caf::actor_system& sys) { return spawn_writer(sys, settings); };
  if (!c.organization)
    c.organization = spawn_organization_actor;
  return c;
}

// A refresh asked for an organization without an actor (deselected, or not loaded yet):
// load it; if it still has none, the refresh cannot run and shows as failed.
void refresh_without_actor(self_ptr self, const org_key& key) {
  auto& st = self->state;
  self->request(st.store, caf::infinite, atom::load_v, key.first, key.second)
    .then(
      [self, key](const engine_plan& plan) {
        apply(self, plan, key);
        auto& st = self->state;
        if (auto it = st.organizations.find(key); it != st.organizations.end())
          self->send(it->second, atom::refresh_v);
        else
          caf::anon_send(st.store, atom::refresh_v, organization_refresh{key.first, 0, key.second, std::nullopt});
      },
      [self, key](const caf::error&) {
        caf::anon_send(self->state.store, atom::refresh_v,
                       organization_refresh{key.first, 0, key.second, std::nullopt});
      });
}

supervisor_actor::behavior_type sync_supervisor(self_ptr self, std::shared_ptr<const engine_settings> settings,
                                                supervisor_children children) {
  auto& st = self->state;
  st.settings = settings;
  st.children = complete(std::move(children), settings);
  st.fetchers = st.children.fetchers(self->system());
  st.store = st.children.store(self->system());
  for (std::size_t i = 0; i < std::max<std::size_t>(1, settings->writers); ++i)
    st.writers.push_back(st.children.writer(self->system()));
  // The pools live and die with the supervisor.
  self->link_to(st.fetchers);
  self->link_to(st.store);
  for (auto& w : st.writers)
    self->link_to(w);

  // On shutdown the organizations (and, through their links, the contracts) stop first.
  self->set_exit_handler([self](const caf::exit_msg& msg) {
    for (auto& [key, actor] : self->state.organizations) {
      self->demonitor(actor.address());
      self->send_exit(actor, msg.reason);
    }
    self->state.organizations.clear();
    for (auto& [id, actor] : self->state.connections)
      self->send_exit(actor, msg.reason);
    self->quit(msg.reason);
  });
  self->set_down_handler([self](const caf::down_msg& down) {
    auto& st = self->state;
    auto it = st.by_address.find(down.source);
    if (it == st.by_address.end())
      return;
    auto key = it->second;
    st.by_address.erase(it);
    st.organizations.erase(key);
    st.organization_connection.erase(key);
    // Restart from PostgreSQL after a backoff that grows with repeated failures.
    auto& history = st.failures[key];
    auto now = self->clock().now();
    if (history.count > 0 && now - history.last >= healthy_after)
      history.count = 0;
    history.last = now;
    int n = ++history.count;
    if (auto* m = st.settings->instruments.get())
      m->restarts.with({"organization"}).inc();
    auto delay = std::chrono::milliseconds(500) * (1 << std::min(n, 7));
    spdlog::warn("organization_actor_failed organization={} restart_in_ms={} reason=\"{}\"", key.second, delay.count(),
                 self->system().render(down.reason));
    self->delayed_send(self, delay, atom::reload_v, key.first, key.second);
  });

  return {
    [self](atom::load) { load(self, std::nullopt); },
    [self](atom::reload, storage::db_id workspace_id, const std::string& organization_id) {
      load(self, org_key{workspace_id, organization_id});
    },
    [self](atom::refresh, storage::db_id workspace_id, const std::string& organization_id) {
      org_key key{workspace_id, organization_id};
      if (auto it = self->state.organizations.find(key); it != self->state.organizations.end())
        self->send(it->second, atom::refresh_v);
      else
        refresh_without_actor(self, key);
    },
    [self](atom::tick, storage::db_id workspace_id, const std::string& organization_id) {
      // No actor: not selected, paused with its grant, or restarting after a failure; the
      // API refused the first two, and a restart cycles at once anyway.
      if (auto it = self->state.organizations.find(org_key{workspace_id, organization_id});
          it != self->state.organizations.end())
        self->send(it->second, atom::tick_v);
    },
    [self](atom::reauth, storage::db_id connection_id) {
      auto& st = self->state;
      spdlog::warn("connection_needs_reauth connection={}", connection_id);
      if (auto* m = st.settings->instruments.get(); m && st.providers.count(connection_id))
        m->needs_reauth.inc(); // a transition: the first report of a grant still held
      if (auto ws = st.connection_workspace.find(connection_id); ws != st.connection_workspace.end())
        self->send(st.store, atom::reauth_v, ws->second, connection_id);
      std::vector<org_key> paused;
      for (const auto& [key, conn] : st.organization_connection)
        if (conn == connection_id)
          paused.push_back(key);
      for (const auto& key : paused)
        stop_organization(self, key);
      st.providers.erase(connection_id);
      if (auto it = st.connections.find(connection_id); it != st.connections.end()) {
        self->unlink_from(it->second);
        self->send_exit(it->second, caf::exit_reason::user_shutdown);
        st.connections.erase(it);
      }
    },
    [self](atom::restart, storage::db_id workspace_id, const std::string& organization_id) {
      auto it = self->state.organizations.find({workspace_id, organization_id});
      if (it == self->state.organizations.end())
        return false;
      spdlog::warn("organization_actor_killed workspace={} organization={}", workspace_id, organization_id);
      self->send_exit(it->second, caf::exit_reason::kill); // the down handler restarts it
      return true;
    },
  };
}

} // namespace

supervisor_actor spawn_sync_supervisor(caf::actor_system& sys, std::shared_ptr<const engine_settings> settings,
                                       supervisor_children children) {
  return sys.spawn(sync_supervisor, std::move(settings), std::move(children));
}

} // namespace upsync::sync
