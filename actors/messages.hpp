// The values the engine's actors exchange. They never leave the process, so they are
// registered as local-only message types (no serialization).
#pragma once

#include "actors/contract_health.hpp"
#include "actors/reported_days.hpp"
#include "actors/sync_failure.hpp"
#include "domain/calendar.hpp"
#include "domain/day_totals.hpp"
#include "domain/request_budget_rules.hpp"
#include "domain/sync_windows.hpp"
#include "protocol/upwork/oauth.hpp"
#include "protocol/upwork/organization_snapshot.hpp"
#include "storage/engine_store.hpp"
#include "storage/sync_history.hpp"
#include "storage/sync_writer.hpp"

#include <caf/allowed_unsafe_message_type.hpp>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace upsync::upwork {
class token_provider;
}

namespace upsync::sync {

/// Daily totals of an organization's contracts over a window (`contractTimeReport`).
struct time_report_query {
  std::shared_ptr<upwork::token_provider> tokens;
  std::string organization_id;
  domain::day_window window;
  std::vector<std::string> contract_ids;
  /// An import's report, or a re-read's (which the daily budget serves first).
  domain::request_purpose purpose = domain::request_purpose::reread;
};
struct time_report_answer {
  /// contract id -> reported seconds per day (summed over the day's rows)
  std::map<std::string, domain::day_totals> totals;
  std::optional<fetch_failure> failure;
  std::uint32_t requests = 0; ///< HTTP requests it took (pages, retries): the sync history's count
};

/// The 10-minute cells of one contract-day (`workDiaryContract`).
struct work_diary_query {
  std::shared_ptr<upwork::token_provider> tokens;
  std::string organization_id;
  std::string contract_id;
  domain::day_number day;
  /// A day of the contract's first import, or a re-read of a day that changed.
  domain::request_purpose purpose = domain::request_purpose::reread;
};
struct diary_cell {
  std::int64_t start; ///< Unix seconds
  bool manual;
};
struct work_diary_answer {
  std::vector<diary_cell> cells;
  std::optional<fetch_failure> failure;
  /// False when Upwork's list held entries that could not be read (skipped and counted):
  /// the cells are kept, but the day is no proof that a ledger cell missing from it has
  /// vanished upstream.
  bool complete = true;
  std::uint32_t requests = 0; ///< HTTP requests it took when asked alone (none within a batch)
};

/// The cells of several contract-days of one organization in one request (aliased
/// `workDiaryContract`s): the organization gathers its contracts' work_diary_queries into
/// these (actors/organization_diaries.cpp).
struct work_diary_batch_query {
  std::shared_ptr<upwork::token_provider> tokens;
  std::string organization_id;
  struct day {
    std::string contract_id;
    domain::day_number day;
  };
  std::vector<day> days;
  /// The most urgent purpose of its days (a re-read shares a batch with imports).
  domain::request_purpose purpose = domain::request_purpose::reread;
};
struct work_diary_batch_answer {
  std::vector<work_diary_answer> answers; ///< one per asked day, in the query's order
  std::uint32_t requests = 0;             ///< HTTP requests the batch took (failed days asked again included)
};

/// Asks for a usable access token now: the provider refreshes (and persists the rotated
/// set) when the token is close to expiry, so an idle grant never lapses.
struct token_check_query {
  std::shared_ptr<upwork::token_provider> tokens;
};
struct token_check_answer {
  std::optional<fetch_failure> failure;
};

/// One organization as Upwork shows it now, for its refresh (F5).
struct organization_query {
  std::shared_ptr<upwork::token_provider> tokens;
  std::string organization_id;
  upwork::organization_hint hint; ///< what is stored already (kind, name)
};
struct organization_answer {
  std::optional<upwork::organization_snapshot> snapshot;
  std::optional<fetch_failure> failure;
  std::uint32_t requests = 0;
};

/// What a refresh brought, for the store to write in one transaction: the snapshot, or
/// nothing when the refresh failed.
struct organization_refresh {
  storage::db_id workspace_id = 0;
  storage::db_id connection_id = 0;
  std::string organization_id;
  std::optional<upwork::organization_snapshot> snapshot;
};
/// The store's answer after COMMIT: the organizations whose rows changed.
struct refresh_saved {
  std::set<std::string> organizations_touched;
};

/// What a contract is told at each cycle. The organization keeps what each contract has
/// synced (over the re-read window) and wakes a contract only when its days differ, so an
/// idle contract costs no message and holds no day totals between cycles.
struct contract_cycle {
  domain::day_totals reported; ///< this contract's reported totals
  domain::day_totals synced;   ///< what is synced already, over the same window
  domain::day_window window;   ///< the days the report covered
  bool import_done = false;    ///< its first import finished (persisted cursor)
};

/// The outcome of a contract's cycle.
struct contract_cycle_result {
  std::string contract_id;
  bool complete = true; ///< false when some day must be retried next cycle
  std::optional<fetch_failure> failure;
  domain::day_totals synced; ///< the cycle's `synced` with every committed day updated
  bool import_done = false;
  /// What the cycle did, for the sync history: contract-days read from Upwork, cells and
  /// intervals committed, HTTP requests it sent itself (batching off).
  std::int64_t days_read = 0;
  std::int64_t cells_written = 0;
  std::int64_t intervals_written = 0;
  std::int64_t requests = 0;
};

/// A contract's persisted sync state.
struct contract_resume {
  domain::day_totals synced; ///< reported seconds already synced per day
  bool import_done = false;
  int failures_in_a_row = 0; ///< failed cycles since its last success (persisted)
};

/// An organization's persisted sync state, read in one go at its first cycle (and when a
/// contract joins): contract id -> its state. A contract absent from it has none yet.
struct organization_resume {
  std::map<std::string, contract_resume> contracts;
};

/// A connection's rotated OAuth tokens for the STORE to seal and save
/// (actors/token_persistence.hpp); it answers false when the connection is disconnected
/// (nothing saved).
struct rotated_tokens {
  storage::db_id workspace_id = 0;
  storage::db_id connection_id = 0;
  upwork::token_set tokens;
};

/// A finished cycle, import or refresh of an organization, for the sync history: the
/// STORE writes it with the synced marks.
struct sync_run_done {
  storage::sync_history::run run;
};

/// The engine's load: the connections, the organizations to keep an actor for, and the
/// contracts to sync.
struct engine_plan {
  std::vector<storage::engine_store::connection_tokens> connections;
  std::vector<storage::engine_store::contract_plan> contracts;
  std::vector<storage::engine_store::organization_plan> organizations;
};

} // namespace upsync::sync

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(upsync::sync::time_report_query)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(upsync::sync::time_report_answer)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(upsync::sync::work_diary_query)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(upsync::sync::work_diary_answer)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(upsync::sync::work_diary_batch_query)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(upsync::sync::work_diary_batch_answer)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(upsync::sync::contract_cycle)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(upsync::sync::organization_query)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(upsync::sync::organization_answer)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(upsync::sync::organization_refresh)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(upsync::sync::refresh_saved)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(upsync::sync::token_check_query)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(upsync::sync::token_check_answer)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(upsync::sync::contract_cycle_result)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(upsync::sync::contract_resume)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(upsync::sync::organization_resume)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(upsync::sync::engine_plan)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(upsync::sync::sync_run_done)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(upsync::sync::rotated_tokens)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(upsync::sync::contract_health_changes)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(upsync::storage::engine_store::contract_plan)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(upsync::storage::sync_writer::sync_batch)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(upsync::storage::sync_writer::batch_result)
