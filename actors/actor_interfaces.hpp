// Every engine actor's interface as a `caf::typed_actor`: the compiler checks each send and
// request against the receiver's interface, and each behaviour against its own (a handler
// missing, extra or with another reply type does not compile). actors/actors.hpp says what
// each message means; this file is only the types.
//
// Messages an actor sends itself (timers) are part of its interface, marked "self": CAF
// 0.17's typed actors may send themselves only what their interface lists. The one
// exception is the metered actor's `report` (actors/metered_actor.hpp): it is taken out in
// `consume` before the behaviour sees it, so it is sent through an untyped handle and stays
// out of every interface (adding it would make every behaviour answer a message it never
// receives).
//
// The FETCHER pool is a `caf::actor_pool`, which CAF 0.17 offers untyped only; its workers
// are typed `fetcher_actor`s and the pool's handle is cast to `fetcher_actor` once, at its
// spawn, so every request to the pool is checked against the fetcher's interface.
#pragma once

#include "actors/actor_report.hpp"
#include "actors/atoms.hpp"
#include "actors/messages.hpp"

#include <caf/actor_addr.hpp>
#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>
#include <cstdint>
#include <string>
#include <vector>

namespace upsync::sync {

// One signature a line, so that each interface reads like the list in actors/actors.hpp.
// clang-format off

/// A FETCHER (and the pool of them): Upwork reads, one blocking request each.
using fetcher_actor = caf::typed_actor<
  caf::replies_to<time_report_query>::with<time_report_answer>,
  caf::replies_to<work_diary_query>::with<work_diary_answer>,
  caf::replies_to<work_diary_batch_query>::with<work_diary_batch_answer>,
  caf::replies_to<token_check_query>::with<token_check_answer>,
  caf::replies_to<organization_query>::with<organization_answer>>;

/// Where a CONTRACT reads its days' cells: its ORGANIZATION, which batches them into
/// aliased requests, or (batching off) the FETCHER pool itself.
using diary_reader_actor = caf::typed_actor<
  caf::replies_to<work_diary_query>::with<work_diary_answer>>;

/// A WRITER: batches of cells, committed together. Self: (flush), the linger ended.
using writer_actor = caf::typed_actor<
  caf::replies_to<atom::write, storage::sync_writer::sync_batch>::with<storage::sync_writer::batch_result>,
  caf::reacts_to<atom::flush>>;

/// The STORE: the engine's small PostgreSQL reads and writes. Self: (flush), the synced
/// marks, health and reported changes gathered for a second.
using store_actor = caf::typed_actor<
  caf::replies_to<atom::load>::with<engine_plan>,
  caf::replies_to<atom::load, storage::db_id, std::string>::with<engine_plan>,
  caf::replies_to<atom::totals, storage::db_id, std::vector<std::string>, domain::day_number>::with<organization_resume>,
  caf::reacts_to<atom::reauth, storage::db_id, storage::db_id>,
  caf::replies_to<atom::refresh, organization_refresh>::with<refresh_saved>,
  caf::replies_to<rotated_tokens>::with<bool>,
  caf::reacts_to<atom::synced, storage::db_id, std::string>,
  caf::reacts_to<contract_health_changes>,
  caf::reacts_to<reported_day_changes>,
  caf::reacts_to<sync_run_done>,
  caf::reacts_to<atom::flush>,
  caf::reacts_to<atom::tick>>;

/// The SYNC SUPERVISOR. It also sends itself (reload, workspace, organization): a restart
/// after its backoff, a load retried.
using supervisor_actor = caf::typed_actor<
  caf::reacts_to<atom::load>,
  caf::reacts_to<atom::reload, storage::db_id, std::string>,
  caf::reacts_to<atom::refresh, storage::db_id, std::string>,
  caf::reacts_to<atom::tick, storage::db_id, std::string>,
  caf::reacts_to<atom::reauth, storage::db_id>,
  caf::replies_to<atom::restart, storage::db_id, std::string>::with<bool>>;

/// A CONNECTION actor. Self: (tick), check the grant.
using connection_actor = caf::typed_actor<
  caf::reacts_to<atom::tick>>;

/// A CONTRACT actor.
using contract_actor = caf::typed_actor<
  caf::replies_to<atom::cycle, contract_cycle>::with<contract_cycle_result>,
  caf::reacts_to<atom::reload, storage::engine_store::contract_plan>,
  caf::reacts_to<atom::synced>>;

/// An ORGANIZATION actor. Self: (tick, generation), the next cycle; (refresh, generation),
/// the next refresh; (flush, generation), the diary batch's linger ended.
using organization_actor = caf::typed_actor<
  caf::replies_to<work_diary_query>::with<work_diary_answer>,
  caf::reacts_to<atom::flush, std::uint64_t>,
  caf::reacts_to<atom::tick>,
  caf::reacts_to<atom::tick, std::uint64_t>,
  caf::reacts_to<atom::reload, engine_plan>,
  caf::reacts_to<atom::refresh>,
  caf::reacts_to<atom::refresh, std::uint64_t>>;

/// The DISCOVERY actor. Self: (tick, connection), one attempt.
using discovery_actor = caf::typed_actor<
  caf::reacts_to<atom::load>,
  caf::reacts_to<atom::reload, storage::db_id>,
  caf::reacts_to<atom::tick, storage::db_id>>;

/// The METRICS actor. Self: (tick), publish the overview.
using metrics_actor = caf::typed_actor<
  caf::reacts_to<atom::announce, caf::actor_addr, std::string>,
  caf::reacts_to<atom::report, actor_report>,
  caf::reacts_to<atom::tick>>;

// clang-format on

} // namespace upsync::sync
