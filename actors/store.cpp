// The STORE: the engine's small, blocking PostgreSQL reads and writes on its own thread,
// so that no scheduler thread ever waits for the database.
#include "actors/actors.hpp"
#include "actors/engine_metrics.hpp"
#include "actors/metered_actor.hpp"

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
  static inline const char* name = "store";
};

constexpr auto synced_flush_delay = std::chrono::seconds(1);

template <class F>
auto with_db(metered_actor<store_state>* self, const engine_settings& settings, F&& f) {
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

caf::behavior store(metered_actor<store_state>* self, std::shared_ptr<const engine_settings> settings) {
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
                             es::syncing_contracts(tx, std::nullopt, std::nullopt, wall_seconds(*settings)),
                             es::engine_organizations(tx)};
        });
      });
    },
    [=](atom::load, storage::db_id workspace_id, const std::string& organization_id) -> caf::result<engine_plan> {
      return guarded([&]() -> caf::result<engine_plan> {
        return with_db(self, *settings, [&](pqxx::work& tx) {
          return engine_plan{es::active_connections(tx), es::syncing_contracts(tx, workspace_id, organization_id, wall_seconds(*settings)),
                             es::engine_organizations(tx, workspace_id, organization_id)};
        });
      });
    },
    [=](atom::totals, storage::db_id workspace_id, const std::vector<std::string>& contract_ids,
        day_number first_day) -> caf::result<organization_resume> {
      return guarded([&]() -> caf::result<organization_resume> {
        return with_db(self, *settings, [&](pqxx::work& tx) {
          organization_resume out;
          for (auto& [id, state] : es::synced_states(tx, workspace_id, contract_ids, first_day)) {
            auto& resume = out.contracts[id];
            for (const auto& [day, seconds] : state.days)
              resume.synced.set(day, seconds);
            resume.import_done = state.import_done;
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
          return refresh_saved{es::save_refresh(tx, r.workspace_id, r.connection_id, *r.snapshot, settings->today(),
                                                wall_seconds(*settings))};
        });
      });
    },
    [=](atom::synced, storage::db_id workspace_id, std::string& organization_id) {
      auto& pending = self->state.synced;
      if (pending.empty())
        self->delayed_send(self, synced_flush_delay, atom::flush_v);
      pending.push_back(es::organization_key{workspace_id, std::move(organization_id)});
    },
    [=](atom::flush) {
      auto organizations = std::move(self->state.synced);
      self->state.synced.clear();
      try {
        with_db(self, *settings, [&](pqxx::work& tx) {
          es::set_last_synced(tx, organizations);
          return 0;
        });
      } catch (const std::exception& e) {
        // A freshness stamp: the organizations' next cycles record it again.
        spdlog::warn("last_synced_failed organizations={} error=\"{}\"", organizations.size(), e.what());
      }
    },
  };
}

} // namespace

caf::actor spawn_store(caf::actor_system& sys, std::shared_ptr<const engine_settings> settings) {
  return sys.spawn<caf::detached>(store, settings);
}

} // namespace upsync::sync
