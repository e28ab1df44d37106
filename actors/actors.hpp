// Every actor of the sync engine and the messages each one handles. Reading this file
// tells the whole engine; the behaviours live in one file per actor.
//
// Every actor is a `caf::typed_actor` (actors/actor_interfaces.hpp: the types the compiler
// checks); the protocol of each is listed here, request -> reply, in the order a sync cycle
// uses them. "self" marks a message the actor only sends itself (a timer).
#pragma once

#include "actors/actor_interfaces.hpp"
#include "actors/atoms.hpp"
#include "actors/messages.hpp"
#include "domain/calendar.hpp"
#include "domain/clock.hpp"

#include <caf/fwd.hpp>
#include <chrono>
#include <memory>
#include <string>

namespace upsync::upwork {
class request_budget;
class daily_budget;
class client_observer;
struct oauth_config;
} // namespace upsync::upwork

namespace upsync::metrics {
class registry;
}

namespace upsync::sync {

struct engine_instruments;
class cycle_pacer;
class connection_requests;

/// Shared, immutable settings every engine actor may read.
struct engine_settings {
  std::string database_url;
  std::string secret_key_hex; ///< AES-256-GCM key for tokens at rest
  std::string graphql_url;
  std::string token_url;
  std::string client_id;
  std::string client_secret;
  int import_days = 90;
  std::chrono::milliseconds cycle_interval{300'000};
  std::size_t fetchers = 4; ///< concurrent Upwork requests (within the budget)
  std::size_t writers = 2;  ///< PostgreSQL writer connections
  /// Larger batches amortize each transaction's fixed statements and commit. In
  /// back-to-back bench_import runs (500 contracts, 20,000-cell batches) a 20 ms linger
  /// took 14.7 s against 16.0 s at 5 ms; the old 5,000 / 5 ms took 18.0 s in an earlier,
  /// quieter run (docs/benchmarks.md). 20 ms is nothing to a sync.
  std::size_t writer_batch_cells = 20000;
  std::chrono::milliseconds writer_linger{20}; ///< how long a writer waits to fill a batch
  /// Days a contract fetches at once and writes as one batch. One day at a time made an
  /// import latency-bound: each day waited for a fetch, a writer's linger and a commit
  /// before the next was asked for, and 500 contracts kept only ~7,500 cells in flight.
  std::size_t days_in_flight = 8;
  /// Contract-days of one organization read in one aliased request, as public clients do
  /// (issue 19): a first import costs about a tenth of the requests. 1 = one request a day.
  std::size_t diary_batch = 10;
  /// How long an organization waits for more of its contracts' days before it sends a batch
  /// that is not full. A cycle wakes its contracts at once, so a batch fills in microseconds;
  /// the linger only catches the stragglers. While the request budget would hold the batch
  /// back anyway (an import paced by the rate), it stays open to fill, up to a second.
  std::chrono::milliseconds diary_linger{5};
  std::chrono::milliseconds token_check_interval{600'000}; ///< a connection checks its grant
  std::chrono::milliseconds refresh_interval{3'600'000};   ///< an organization re-reads Upwork (F5)
  std::shared_ptr<upwork::request_budget> budget;          ///< shared by every Upwork request
  /// Upwork's daily request budget (UPSYNC_UPWORK_DAILY_REQUESTS), the one `budget` counts
  /// against; null: none. With it the engine paces every organization's cycles so that the
  /// day's requests last until midnight (actors/cycle_pacer.hpp).
  std::shared_ptr<upwork::daily_budget> daily_budget;
  /// Set by the engine when `daily_budget` is: the interval of every organization's cycles.
  std::shared_ptr<cycle_pacer> pacer;
  /// Set by the engine: each connection's requests, which the STORE adds to PostgreSQL
  /// every `request_counts_interval` (actors/connection_requests.hpp).
  std::shared_ptr<connection_requests> requests_by_connection;
  std::chrono::milliseconds request_counts_interval{1000};
  /// How long the sync history keeps an organization's runs (UPSYNC_SYNC_RUN_RETENTION_DAYS).
  std::chrono::hours sync_run_retention{24 * 30};
  /// The engine's one wall clock: "today" (the windows), a refresh's last_refreshed_at, a
  /// closing contract's grace. upsyncd gives the same clock to the dispatcher; tests fix it.
  domain::wall_clock clock = domain::system_clock();
  /// Where the engine counts (metrics on), or null (metrics off: no reports, no counting).
  std::shared_ptr<metrics::registry> metrics;
  std::chrono::milliseconds metrics_interval{1000}; ///< how often actors report to METRICS
  /// Set by the engine when `metrics` is: the resolved instruments and the Upwork meter.
  std::shared_ptr<engine_instruments> instruments;
  std::shared_ptr<upwork::client_observer> upwork_meter;

  /// Now as Unix seconds, by `clock`.
  std::int64_t now() const { return clock(); }
  /// Today as days since 1970-01-01 (UTC), by `clock`.
  domain::day_number today() const { return domain::day_of(clock()); }
};

// -- the FETCHER pool (detached workers, round robin) -----------------------------------------
/// (time_report_query)  -> time_report_answer     contractTimeReport, paged to the end
/// (work_diary_query)   -> work_diary_answer      workDiaryContract for one contract-day
/// (token_check_query)  -> token_check_answer     a usable access token (refreshing if due)
/// (work_diary_batch_query) -> work_diary_batch_answer   up to diary_batch contract-days of one
///                                                organization in one aliased request; days whose
///                                                alias failed are retried alone
/// (organization_query) -> organization_answer    organization + staffs + vendorContracts, or
///                                                clientOffers for a client (a refresh, F5)
/// The pool is CAF 0.17's untyped `caf::actor_pool`, handed out as a `fetcher_actor`.
fetcher_actor spawn_fetcher_pool(caf::actor_system& sys, std::shared_ptr<const engine_settings> settings);

// -- a WRITER (detached, one PostgreSQL connection, batches many contracts) -----------------
/// (write_atom, sync_batch) -> batch_result       after COMMIT only; errors if it failed
/// (flush_atom)              -> void               self: the linger ended, commit the batch
writer_actor spawn_writer(caf::actor_system& sys, std::shared_ptr<const engine_settings> settings);

// -- the STORE (detached, small reads and writes of engine state) ---------------------------
/// (load_atom)                                -> engine_plan
/// (load_atom, workspace_id, organization_id) -> engine_plan (that organization only)
/// (totals_atom, workspace_id, contract_ids, first_day) -> organization_resume  (one read for
///                                               an organization's contracts, days >= first_day)
/// (reauth_atom, workspace_id, connection_id) -> void  (marks needs_reauth)
/// (rotated_tokens)                          -> bool  a connection's rotated tokens sealed and
///                                               saved (actors/token_persistence.hpp)
/// (synced_atom, workspace_id, organization_id) -> void (last_synced_at = now(), written within a second, batched)
/// (contract_health_changes)                  -> void  contracts' failures and recoveries, written
///                                               with the synced marks (kept while PostgreSQL is away)
/// (reported_day_changes)                     -> void  Upwork's daily totals that changed
///                                               (reconciliation), written with the synced marks
/// (refresh_atom, organization_refresh)       -> refresh_saved  one transaction: the upserts
///                                               (mappings kept) + refresh_status idle and
///                                               last_refreshed_at; no snapshot = failed
/// (sync_run_done)                            -> void  an organization's cycle, import or refresh
///                                               for the sync history, written with the synced marks
/// (flush_atom)                               -> void  self: write the synced marks, health,
///                                               reported changes and runs gathered for a second
/// (tick_atom)                                -> void  self: add the connections' request counts
///                                               (kept for the next tick while PostgreSQL is away);
///                                               hourly, prune runs older than sync_run_retention
store_actor spawn_store(caf::actor_system& sys, std::shared_ptr<const engine_settings> settings);

// -- a CONNECTION actor (one per OAuth grant) -------------------------------------------------
/// (tick_atom) -> void  checks the grant on a timer (also self-scheduled): the token provider
///                      refreshes before expiry and persists the rotated set before use; a
///                      refused refresh sends (reauth_atom, connection_id) to the supervisor.
connection_actor spawn_connection_actor(caf::actor_system& sys, storage::db_id connection_id,
                                        supervisor_actor supervisor, fetcher_actor fetchers,
                                        std::shared_ptr<upwork::token_provider> tokens,
                                        std::chrono::milliseconds check_interval);

// -- a CONTRACT actor (one per syncing contract) ----------------------------------------------
/// (cycle_atom, contract_cycle) -> contract_cycle_result  after every changed day is committed;
///                                                        the organization sends it only to
///                                                        contracts whose days differ
/// (reload_atom, contract_plan) -> void                   mapping or rates changed (F9)
/// (synced_atom)                -> void                   its first import finished (persisted)
struct contract_deps {
  diary_reader_actor diaries; ///< its organization (batching), or the fetcher pool
  writer_actor writer;
  std::shared_ptr<upwork::token_provider> tokens;
  std::shared_ptr<const engine_settings> settings;
};

// -- an ORGANIZATION actor (one per selected Upwork organization) ------------------------------
/// (tick_atom)                   -> void  run a cycle now if none runs
/// (tick_atom, generation)       -> void  self: the scheduled next cycle (only the latest counts)
/// (reload_atom, engine_plan)    -> void  the organization's contracts as they are now
/// (refresh_atom)                -> void  refresh from Upwork now (also every refresh_interval):
///                                        fetch (fetcher pool), write (store, one transaction),
///                                        reload its plans; one at a time, a second request
///                                        while one runs joins it
/// (refresh_atom, generation)    -> void  self: the scheduled refresh (only the latest counts)
/// (work_diary_query)            -> work_diary_answer  from its contracts: gathered into
///                                        work_diary_batch_queries of up to diary_batch days
/// (flush_atom, generation)      -> void  self: a batch that is not full waited diary_linger
/// On needs_reauth (cycle or refresh) it sends (reauth_atom, connection_id) to the supervisor
/// and stops cycling.

// -- the SYNC SUPERVISOR (one) ---------------------------------------------------------------------
/// (load_atom)                                  -> void  (re)load everything from PostgreSQL; a
///                                              grant no longer active (disconnected) stops
///                                              with its connection actor and tokens
/// (reload_atom, workspace_id, organization_id) -> void  mapping of one organization changed
///                                              (also self: a restart after its backoff, a
///                                              load retried)
/// (refresh_atom, workspace_id, organization_id) -> void  refresh it from Upwork (its actor)
/// (tick_atom, workspace_id, organization_id)   -> void  cycle it now ("Sync now"; its actor
///                                              joins a cycle that runs)
/// (reauth_atom, connection_id)                 -> void  a grant is gone: pause its organizations
/// (restart_atom, workspace_id, organization_id) -> bool  kills the organization's actor (an
///                                              operator's kick); it restarts like after a crash
/// Keeps an organization actor for every selected organization of an active connection;
/// monitors them and restarts a failed one with growing backoff from PostgreSQL state.
/// spawn_sync_supervisor: actors/sync_supervisor.hpp.

// -- the DISCOVERY actor (one, detached) -----------------------------------------------------------
/// (load_atom)                   -> void  schedules every connection pending or failed
/// (reload_atom, connection_id)  -> void  discovery failed at connect: retry after backoff
/// (tick_atom, connection_id)    -> void  self: one attempt now
/// On success it sends (load_atom) to the supervisor, so the new organizations start.
/// spawn_discovery_actor: actors/discovery_actor.hpp.

// -- the METRICS actor (one, metrics on) ----------------------------------------------------------
/// (announce_atom, actor_addr, kind) -> void  an actor starts
/// (report_atom, actor_report)       -> void  an actor's counters (alive = false: it exited);
///                                            actors send them themselves after handling
///                                            messages, at most once per interval
/// (tick_atom)                       -> void  self: publish the overview if reports came
/// Every metered actor also sends itself (report_atom), taken out before its behaviour
/// (actors/metered_actor.hpp), so in no interface. spawn_metrics_actor: actors/metrics_actor.hpp.

} // namespace upsync::sync
