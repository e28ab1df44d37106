// The STORE: the engine's small, blocking PostgreSQL reads and writes on its own thread,
// so that no scheduler thread ever waits for the database.
#include "actors/actors.hpp"
#include "actors/connection_requests.hpp"
#include "actors/engine_metrics.hpp"
#include "actors/metered_actor.hpp"
#include "actors/reported_days.hpp"
#include "actors/token_persistence.hpp"
#include "storage/connection_request_days.hpp"
#include "storage/connection_tokens.hpp"
#include "storage/sync_health.hpp"
#include "storage/sync_history.hpp"
#include "storage/webhook_events.hpp"

#include <caf/all.hpp>
#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

namespace upsync::sync {

namespace {

namespace es = storage::engine_store;

struct store_state {
  std::unique_ptr<pqxx::connection> db;
  /// Organizations whose cycle completed since the last flush. Their last_synced_at is
  /// written together, at most `synced_flush_delay` later: one transaction a second instead
  /// of one per organization cycle (33 a second at 10,000 organizations, bench_scale).
  std::vector<es::organization_key> synced;
  /// Contracts' changes of sync health (a failure, a recovery), written with `synced`.
  std::vector<storage::sync_health::change> health;
  /// Upwork's reported daily totals that changed (reconciliation), written with `synced`.
  std::vector<storage::reported_days::change> reported;
  /// Organizations' finished runs (the sync history), written with `synced`.
  std::vector<storage::sync_history::run> runs;
  std::chrono::steady_clock::time_point pruned_at{}; ///< the runs' last pruning
  static constexpr auto prune_every = std::chrono::hours(1);
  static inline const char* name = "store";
};

using self_ptr = metered_actor<store_state, store_actor::base>*;

constexpr auto synced_flush_delay = std::chrono::seconds(1);
/// Health changes kept for the next flush when PostgreSQL is away: a contract's latest
/// change carries its whole state, so beyond this the oldest may go.
constexpr std::size_t max_pending_health = 100'000;
/// The same for Upwork's reported totals (reconciliation): an organization hands a day over
/// again only when its number changes, so a dropped one shows stale until then or until the
/// engine restarts (a restart resets the whole window); only a long outage drops any.
constexpr std::size_t max_pending_reported = 100'000;
/// The same for runs: the history of an outage's cycles is the least of what it costs.
constexpr std::size_t max_pending_runs = 100'000;

// Both lists empty: nothing scheduled yet.
void schedule_flush(self_ptr self) {
  if (self->state.synced.empty() && self->state.health.empty() && self->state.reported.empty()
      && self->state.runs.empty())
    self->delayed_send(self, synced_flush_delay, atom::flush_v);
}

template <class F>
auto with_db(self_ptr self, const engine_settings& settings, F&& f) {
  auto& db = self->state.db;
  try {
    if (!db || !db->is_open())
      db = std::make_unique<pqxx::connection>(settings.database_url);
    pqxx::work tx{*db};
    auto result = f(tx);
    tx.commit();
    return result;
  } catch (const std::exception& e) {
    if (auto* m = settings.instruments.get())
      m->postgres_error(e);
    db.reset();
    throw;
  }
}

// Adds what the connections counted since the last tick: one statement a second, whatever
// the number of connections. Counts that could not be written are counted again next time.
void save_request_counts(self_ptr self, const engine_settings& settings) {
  auto& tallies = *settings.requests_by_connection;
  auto counts = tallies.take_unsaved();
  if (counts.empty())
    return;
  try {
    with_db(self, settings, [&](pqxx::work& tx) {
      storage::connection_request_days::add(tx, counts);
      return 0;
    });
  } catch (const std::exception& e) {
    spdlog::warn("connection_request_counts_failed connections={} error=\"{}\"", counts.size(), e.what());
    tallies.restore(counts);
  }
}

// Once an hour: the sync history keeps sync_run_retention of runs.
void prune_runs(self_ptr self, const engine_settings& settings) {
  auto& st = self->state;
  auto now = std::chrono::steady_clock::now();
  if (st.pruned_at != std::chrono::steady_clock::time_point{} && now - st.pruned_at < store_state::prune_every)
    return;
  st.pruned_at = now;
  try {
    // Runs carry the wall clock's times (organization_history.cpp), not the engine's clock.
    auto cutoff = std::chrono::duration_cast<std::chrono::seconds>(
                    (std::chrono::system_clock::now() - settings.sync_run_retention).time_since_epoch())
                    .count();
    auto gone = with_db(self, settings, [&](pqxx::work& tx) { return storage::sync_history::prune(tx, cutoff); });
    if (gone > 0)
      spdlog::info("sync_runs_pruned runs={}", gone);
  } catch (const std::exception& e) {
    spdlog::warn("sync_runs_prune_failed error=\"{}\"", e.what());
  }
}

store_actor::behavior_type store(self_ptr self, std::shared_ptr<const engine_settings> settings) {
  if (settings->requests_by_connection)
    self->delayed_send(self, settings->request_counts_interval, atom::tick_v);
  auto guarded = [](auto&& body) -> decltype(body()) {
    try {
      return body();
    } catch (const std::exception& e) {
      return caf::make_error(caf::sec::runtime_error, e.what());
    }
  };
  return {
    [=](atom::load) -> caf::result<engine_plan> {
      return guarded([&]() -> caf::result<engine_plan> {
        return with_db(self, *settings, [&](pqxx::work& tx) {
          return engine_plan{es::active_connections(tx),
                             es::syncing_contracts(tx, std::nullopt, std::nullopt, settings->now()),
                             es::engine_organizations(tx)};
        });
      });
    },
    [=](atom::load, storage::db_id workspace_id, const std::string& organization_id) -> caf::result<engine_plan> {
      return guarded([&]() -> caf::result<engine_plan> {
        return with_db(self, *settings, [&](pqxx::work& tx) {
          return engine_plan{es::active_connections(tx),
                             es::syncing_contracts(tx, workspace_id, organization_id, settings->now()),
                             es::engine_organizations(tx, workspace_id, organization_id)};
        });
      });
    },
    [=](atom::totals, storage::db_id workspace_id, const std::vector<std::string>& contract_ids,
        domain::day_number first_day) -> caf::result<organization_resume> {
      return guarded([&]() -> caf::result<organization_resume> {
        return with_db(self, *settings, [&](pqxx::work& tx) {
          organization_resume out;
          for (auto& [id, state] : es::synced_states(tx, workspace_id, contract_ids, first_day)) {
            auto& resume = out.contracts[id];
            for (const auto& [day, seconds] : state.days)
              resume.synced.set(day, seconds);
            resume.import_done = state.import_done;
            resume.failures_in_a_row = state.failures_in_a_row;
          }
          return out;
        });
      });
    },
    [=](atom::reauth, storage::db_id workspace_id, storage::db_id connection_id) -> caf::result<void> {
      return guarded([&]() -> caf::result<void> {
        with_db(self, *settings, [&](pqxx::work& tx) {
          es::mark_needs_reauth(tx, workspace_id, connection_id);
          return 0;
        });
        return caf::unit;
      });
    },
    [=](atom::refresh, const organization_refresh& r) -> caf::result<refresh_saved> {
      return guarded([&]() -> caf::result<refresh_saved> {
        return with_db(self, *settings, [&](pqxx::work& tx) {
          if (!r.snapshot) {
            es::mark_refresh_failed(tx, r.workspace_id, r.organization_id);
            return refresh_saved{};
          }
          return refresh_saved{
            es::save_refresh(tx, r.workspace_id, r.connection_id, *r.snapshot, settings->today(), settings->now())};
        });
      });
    },
    [=](const rotated_tokens& r) -> caf::result<bool> {
      auto key = storage::secret_key::from_hex(settings->secret_key_hex);
      if (!key)
        return caf::make_error(caf::sec::runtime_error, "no usable secret key");
      // Each rotation once had a connection of its own: a session PostgreSQL dropped since
      // the last statement gets one more try on a fresh one (with_db reconnects).
      for (int attempt = 1;; ++attempt) {
        try {
          return with_db(self, *settings, [&](pqxx::work& tx) {
            // The expiry is read back against the system clock (make_provider), so not
            // the engine's clock, which tests fix.
            auto now =
              std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
                .count();
            return storage::save_tokens(tx, r.workspace_id, r.connection_id, r.tokens, *key, now);
          });
        } catch (const std::exception& e) {
          if (attempt == 2)
            return caf::make_error(caf::sec::runtime_error, e.what());
        }
      }
    },
    [=](atom::synced, storage::db_id workspace_id, std::string& organization_id) {
      schedule_flush(self);
      self->state.synced.push_back(es::organization_key{workspace_id, std::move(organization_id)});
    },
    [=](contract_health_changes& c) {
      schedule_flush(self);
      auto& pending = self->state.health;
      pending.insert(pending.end(), std::make_move_iterator(c.changes.begin()),
                     std::make_move_iterator(c.changes.end()));
    },
    [=](reported_day_changes& r) {
      schedule_flush(self);
      auto& pending = self->state.reported;
      pending.insert(pending.end(), std::make_move_iterator(r.changes.begin()),
                     std::make_move_iterator(r.changes.end()));
    },
    [=](sync_run_done& done) {
      schedule_flush(self);
      self->state.runs.push_back(std::move(done.run));
    },
    [=](atom::tick) {
      save_request_counts(self, *settings);
      prune_runs(self, *settings);
      self->delayed_send(self, settings->request_counts_interval, atom::tick_v);
    },
    [=](atom::flush) {
      auto organizations = std::move(self->state.synced);
      self->state.synced.clear();
      auto health = std::move(self->state.health);
      self->state.health.clear();
      auto reported = std::move(self->state.reported);
      self->state.reported.clear();
      auto runs = std::move(self->state.runs);
      self->state.runs.clear();
      try {
        with_db(self, *settings, [&](pqxx::work& tx) {
          es::set_last_synced(tx, organizations);
          auto recovering = storage::webhook_events::failing_before(tx, health);
          storage::sync_health::record(tx, health);
          storage::reported_days::record(tx, reported);
          storage::sync_history::record(tx, runs);
          // The webhook events of what was just written, in the same transaction (the outbox).
          storage::webhook_events::record(tx, runs, health, recovering, settings->now());
          storage::webhook_events::reconciliation(tx, organizations, settings->today(), settings->now());
          return 0;
        });
      } catch (const std::exception& e) {
        // A freshness stamp: the organizations' next cycles record it again. A change of
        // health may happen only once (a recovery), so it waits for the next flush.
        spdlog::warn("last_synced_failed organizations={} health_changes={} error=\"{}\"", organizations.size(),
                     health.size(), e.what());
        if (health.size() > max_pending_health)
          health.erase(health.begin(), health.end() - static_cast<std::ptrdiff_t>(max_pending_health));
        if (reported.size() > max_pending_reported)
          reported.erase(reported.begin(), reported.end() - static_cast<std::ptrdiff_t>(max_pending_reported));
        if (runs.size() > max_pending_runs)
          runs.erase(runs.begin(), runs.end() - static_cast<std::ptrdiff_t>(max_pending_runs));
        schedule_flush(self);
        self->state.health = std::move(health);
        self->state.reported = std::move(reported);
        self->state.runs = std::move(runs);
      }
    },
  };
}

} // namespace

store_actor spawn_store(caf::actor_system& sys, std::shared_ptr<const engine_settings> settings) {
  return sys.spawn<caf::detached>(store, settings);
}

} // namespace upsync::sync
