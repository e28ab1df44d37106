// The ORGANIZATION actor's state and the steps its behavior (organization_actor.cpp) is made
// of: the sync cycle (organization_cycle.cpp) and the refresh from Upwork
// (organization_refresh.cpp). Private to those three files.
#pragma once

#include "actors/contract_actor.hpp"
#include "actors/contract_health.hpp"
#include "actors/cycle_pacer.hpp"
#include "actors/metered_actor.hpp"
#include "actors/reported_days.hpp"
#include "actors/organization_actor.hpp"

#include <map>
#include <set>
#include <string>

namespace upsync::sync::organization {

/// Counts an organization among those the pacer shares the day's Upwork budget between:
/// while it has contracts to cycle (one without asks Upwork nothing), and at most until its
/// state dies (CAF destroys the state when the actor exits).
class pacer_seat {
public:
  pacer_seat() = default;
  pacer_seat(const pacer_seat&) = delete;
  pacer_seat& operator=(const pacer_seat&) = delete;
  ~pacer_seat() { release(); }
  void take(const std::shared_ptr<cycle_pacer>& pacer) {
    if (pacer_ || !pacer)
      return;
    pacer_ = pacer;
    pacer_->join();
  }
  void release() {
    if (pacer_)
      pacer_->leave();
    pacer_.reset();
  }

private:
  std::shared_ptr<cycle_pacer> pacer_;
};

struct organization_state {
  storage::db_id workspace_id = 0;
  std::string organization_id;
  storage::db_id connection_id = 0;
  organization_deps deps;

  /// A syncing contract: its actor (which holds its plan) and what it has synced.
  struct contract_slot {
    contract_actor actor;
    domain::day_totals synced; ///< over the re-read window between cycles (the import window's while one runs)
    bool import_done = false;
    bool loaded = false; ///< `synced` and `import_done` are known (read or reported back)
    /// Paused or closed, syncing through its closing grace until then (Unix seconds): it
    /// re-reads only days Upwork can still change, and stops when the grace ends.
    std::optional<std::int64_t> closing_until;
  };
  std::map<std::string, contract_slot> contracts;
  std::vector<std::shared_ptr<const contract_deps>> shared_deps; ///< one per writer, in the writers' order

  std::string organization_type; ///< agency | client | freelancer, as stored
  bool refreshing = false;
  bool refresh_scheduled = false;
  std::uint64_t refresh_generation = 0; ///< identifies the one scheduled refresh that counts

  bool cycling = false;
  bool paused = false;
  bool full_window = true;  ///< read the import window (first cycle, new contracts)
  std::uint64_t joined = 0; ///< contracts that ever joined; a cycle that saw a join keeps full_window
  std::uint64_t joined_at_cycle_start = 0;
  std::uint64_t generation = 0; ///< identifies the one scheduled tick that counts
  int failures_in_a_row = 0;
  std::set<std::string> waiting; ///< contracts whose part of the running cycle is not done
  bool cycle_complete = true;
  /// The running cycle and refresh as the sync history will show them (organization_history.cpp).
  storage::sync_history::run cycle_run;
  bool cycle_failed_whole = false; ///< the organization's own step failed: no contract could sync
  storage::sync_history::run refresh_run;
  double last_success = 0; ///< Unix seconds of the last complete cycle (sync lag)
  /// A contract's ask for one contract-day's cells, waiting to go out in a batch.
  struct diary_wait {
    work_diary_query query;
    caf::typed_response_promise<work_diary_answer> promise;
  };
  std::vector<diary_wait> diary_queue;                  ///< the batch being gathered (organization_diaries.cpp)
  std::chrono::steady_clock::time_point diary_first_at; ///< when its first day came
  std::uint64_t diary_flush_generation = 0;             ///< identifies the one pending linger that counts

  pacer_seat seat; ///< its share of the day's Upwork budget (none without a daily budget)

  contract_health_book health; ///< its failing contracts (after deps: it reads their instruments)
  reported_days_book reported; ///< Upwork's daily totals as last handed to the store (reconciliation)

  void describe(actor_report& r) const {
    r.workspace_id = workspace_id;
    r.organization_id = organization_id;
    r.state = paused ? "paused" : cycling ? "cycling" : failures_in_a_row ? "backing_off" : "idle";
    r.last_success = last_success;
  }

  static inline const char* name = "organization";
};

using self_ptr = metered_actor<organization_state, organization_actor::base>*;

// ---- the sync cycle (organization_cycle.cpp) ----------------------------------------------

/// Runs a cycle now: the time report of every syncing contract, then the contracts it wakes.
void run_cycle(self_ptr self);
/// Brings the contract actors in line with the organization's plans (F9: changes apply at once).
void apply_plans(self_ptr self, const std::vector<storage::engine_store::contract_plan>& plans);
/// The grant is gone: no cycle until the connection is re-authorized.
void pause_for_reauth(self_ptr self);

// ---- its contracts' diary reads, batched (organization_diaries.cpp) ----------------------

/// A contract asks for one contract-day's cells: it joins the batch being gathered, which
/// goes out when full (diary_batch) or when its linger ends.
caf::result<work_diary_answer> ask_diary(self_ptr self, work_diary_query& query);
/// Sends the batch gathered so far as one request (nothing when it is empty).
void flush_diaries(self_ptr self);
/// The linger of a batch that is not full ended: send it, or keep it open while the request
/// budget would hold it back anyway.
void diary_linger_ended(self_ptr self);

// ---- the sync history (organization_history.cpp) ------------------------------------------
/// A run of the organization (cycle, import or refresh) that starts now.
storage::sync_history::run begin_run(const organization_state& st, const char* kind);
/// The run ended now with `result` (succeeded, partial, failed): the STORE writes it.
void end_run(const organization_state& st, storage::sync_history::run& run, const char* result,
             std::optional<std::string> error = std::nullopt);

// ---- the refresh from Upwork (organization_refresh.cpp) ----------------------------------

/// Reads the organization from Upwork and has the store write it; joins one that runs.
void start_refresh(self_ptr self);
/// Starts the refresh timer from what the plan says of the organization (its first one).
void adopt_organization(self_ptr self, const engine_plan& plan);

} // namespace upsync::sync::organization
