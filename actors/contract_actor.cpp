// A CONTRACT actor: syncs one contract. Its organization wakes it with Upwork's daily totals
// and what is synced already (it keeps those between cycles, and wakes only contracts whose
// days differ); the contract fetches the cells of the days that differ, turns them into a
// batch with the mapped member, project and the rates of each day, advances only when the
// writer acknowledges the commit, and answers with the synced totals as they now are.
#include "actors/contract_actor.hpp"
#include "actors/metered_actor.hpp"

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include <memory>

namespace upsync::sync {

namespace {

namespace sw = storage::sync_writer;

account_kind kind_of(const std::string& type) {
  if (type == "client")
    return account_kind::client;
  if (type == "freelancer")
    return account_kind::freelancer;
  return account_kind::agency;
}

/// What a contract keeps of its plan: the rates go into the schedules, the organization's
/// type into `kind` (100,000 contract actors hold one each, bench_scale).
struct kept_plan {
  storage::db_id workspace_id = 0;
  storage::db_id member_id = 0;
  storage::db_id project_id = 0;
  std::string organization_id;
  std::string contract_id;
  std::string currency;
};

enum class import_phase : std::uint8_t { pending, running, done };

/// The names the API and the stored cursors use.
const char* name_of(import_phase p) {
  switch (p) {
  case import_phase::running: return "running";
  case import_phase::done: return "done";
  default: return "pending";
  }
}

/// A contract_status without what the plan says already (assembled when asked).
struct import_progress {
  import_phase phase = import_phase::pending;
  std::int32_t days_done = 0;
  std::int32_t days_total = 0;
  std::vector<recent_entry> recent; ///< newest first, at most 10
  std::uint64_t cells_written = 0;
  std::uint64_t intervals_written = 0;
};

struct contract_state {
  kept_plan plan;
  account_kind kind = account_kind::agency;
  rate_schedule upwork_rates, pay_rates, bill_rates;

  import_progress progress;

  /// The cycle in progress; none between cycles. Held through a pointer because 100,000
  /// idle contract actors would otherwise carry its 150 bytes each (bench_scale).
  struct cycle_run {
    caf::response_promise promise;
    contract_cycle current;
    std::vector<day_number> queue; ///< the days to fetch, in order
    std::size_t next = 0;
  };
  std::unique_ptr<cycle_run> run;

  std::shared_ptr<const contract_deps> deps; ///< one for all contracts of a writer

  bool imported() const { return progress.phase == import_phase::done; }

  contract_status status() const {
    return contract_status{plan.contract_id,         plan.project_id,        name_of(progress.phase),
                           progress.days_done,       progress.days_total,    progress.recent,
                           progress.cells_written,   progress.intervals_written};
  }

  void describe(actor_report& r) const {
    r.workspace_id = plan.workspace_id;
    r.organization_id = plan.organization_id;
    r.contract_id = plan.contract_id;
    r.state = run ? "cycling" : "idle";
    r.import_state = name_of(progress.phase);
    // Import progress: days written after the import (re-reads) are not import days.
    r.days_total = progress.days_total;
    r.days_done = imported() ? progress.days_total : std::min(progress.days_done, progress.days_total);
  }

  static inline const char* name = "contract";
};

using self_ptr = metered_actor<contract_state>*;

void apply_plan(contract_state& st, storage::engine_store::contract_plan plan) {
  st.plan = kept_plan{plan.workspace_id,           plan.member_id,           plan.project_id,
                      std::move(plan.organization_id), std::move(plan.contract_id), std::move(plan.currency)};
  st.kind = kind_of(plan.organization_type);
  st.upwork_rates = {};
  st.pay_rates = {};
  st.bill_rates = {};
  for (auto& r : plan.rates)
    (r.side == "upwork" ? st.upwork_rates : r.side == "pay" ? st.pay_rates : st.bill_rates)
      .set(r.effective_from_day, std::move(r.rate));
}

void finish(self_ptr self, std::optional<fetch_failure> failure) {
  auto& st = self->state;
  // Between cycles the organization holds the totals; an idle contract holds none.
  auto run = std::move(st.run);
  contract_cycle_result result{st.plan.contract_id, !failure.has_value(), std::move(failure),
                               std::move(run->current.synced), st.imported()};
  run->promise.deliver(std::move(result));
}

sw::cursor_row cursor_for(const contract_state& st, std::optional<day_number> synced_through) {
  bool importing = !st.imported();
  bool last = st.run->next + 1 >= st.run->queue.size();
  sw::cursor_row c;
  c.workspace_id = st.plan.workspace_id;
  c.contract_id = st.plan.contract_id;
  c.import_state = importing ? (last ? "done" : "running") : "done";
  c.days_done = st.progress.days_done + (synced_through ? 1 : 0);
  c.days_total = st.progress.days_total;
  c.window_start_day = st.run->current.window.first;
  c.synced_through_day = synced_through;
  return c;
}

sw::sync_batch batch_for_day(const contract_state& st, day_number day, const std::vector<diary_cell>& cells) {
  sw::sync_batch batch;
  auto rates = rates_for_day(st.kind, st.upwork_rates, st.pay_rates, st.bill_rates, day);
  for (const auto& cell : cells) {
    if (cell.start / 86400 != day || cell.start % 600 != 0)
      continue; // only whole 10-minute cells of the day asked for
    batch.cells.push_back(sw::cell_row{st.plan.workspace_id, st.plan.contract_id, cell.start, cell.manual,
                                       st.plan.member_id, st.plan.project_id, rates.pay_rate, rates.bill_rate,
                                       st.plan.currency});
  }
  batch.days.push_back(sw::day_row{st.plan.workspace_id, st.plan.contract_id, day, st.run->current.reported.at(day)});
  batch.cursors.push_back(cursor_for(st, day));
  return batch;
}

void remember(contract_state& st, day_number day, const sw::batch_result& result) {
  st.run->current.synced.set(day, st.run->current.reported.at(day));
  st.progress.days_done += 1;
  st.progress.intervals_written += result.intervals.size();
  for (const auto& interval : result.intervals)
    st.progress.recent.push_back(recent_entry{interval.started_at, interval.ended_at, interval.member_id});
  std::sort(st.progress.recent.begin(), st.progress.recent.end(),
            [](const recent_entry& a, const recent_entry& b) { return a.started_at > b.started_at; });
  if (st.progress.recent.size() > 10)
    st.progress.recent.resize(10);
}

void process_next(self_ptr self);

void write_day(self_ptr self, day_number day, const std::vector<diary_cell>& cells) {
  auto batch = batch_for_day(self->state, day, cells);
  self->state.progress.cells_written += batch.cells.size();
  self->request(self->state.deps->writer, caf::infinite, atom::write_v, std::move(batch))
    .then(
      [self, day](const sw::batch_result& result) {
        auto& st = self->state;
        remember(st, day, result);
        if (!st.imported() && st.run->next + 1 >= st.run->queue.size())
          st.progress.phase = import_phase::done;
        ++st.run->next;
        process_next(self);
      },
      [self](const caf::error& e) {
        // Nothing of this day was committed; the next cycle finds it still differing.
        finish(self, fetch_failure{fetch_failure::what::retry_later, self->system().render(e)});
      });
}

void process_next(self_ptr self) {
  auto& st = self->state;
  if (st.run->next >= st.run->queue.size()) {
    finish(self, std::nullopt);
    return;
  }
  day_number day = st.run->queue[st.run->next];
  self->request(st.deps->fetchers, caf::infinite,
                work_diary_query{st.deps->tokens, st.plan.organization_id, st.plan.contract_id, day})
    .then(
      [self, day](const work_diary_answer& answer) {
        if (answer.failure) {
          finish(self, answer.failure);
          return;
        }
        write_day(self, day, answer.cells);
      },
      [self](const caf::error& e) {
        finish(self, fetch_failure{fetch_failure::what::retry_later, self->system().render(e)});
      });
}

// Marks the first import done when a cycle found nothing to fetch.
void close_empty_import(self_ptr self) {
  auto& st = self->state;
  sw::sync_batch batch;
  auto cursor = cursor_for(st, std::nullopt);
  cursor.import_state = "done";
  batch.cursors.push_back(cursor);
  self->request(st.deps->writer, caf::infinite, atom::write_v, std::move(batch))
    .then(
      [self](const sw::batch_result&) {
        self->state.progress.phase = import_phase::done;
        finish(self, std::nullopt);
      },
      [self](const caf::error& e) {
        finish(self, fetch_failure{fetch_failure::what::retry_later, self->system().render(e)});
      });
}

void start_cycle(self_ptr self) {
  auto& st = self->state;
  st.run->queue = days_needing_cells(st.run->current.reported, st.run->current.synced, st.run->current.window);
  st.run->next = 0;
  if (!st.imported()) {
    st.progress.phase = import_phase::running;
    st.progress.days_total = st.progress.days_done + static_cast<std::int32_t>(st.run->queue.size());
    if (st.run->queue.empty()) {
      close_empty_import(self);
      return;
    }
  }
  process_next(self);
}

} // namespace

caf::behavior contract_actor(self_ptr self,
                             storage::engine_store::contract_plan plan, std::shared_ptr<const contract_deps> deps) {
  self->state.deps = std::move(deps);
  apply_plan(self->state, std::move(plan));
  return {
    [self](atom::cycle, contract_cycle& cycle) -> caf::result<contract_cycle_result> {
      auto& st = self->state;
      if (st.run) // the organization never overlaps cycles; refuse rather than queue
        return contract_cycle_result{st.plan.contract_id, false,
                                     fetch_failure{fetch_failure::what::retry_later, "cycle in progress"},
                                     std::move(cycle.synced), cycle.import_done}; // nothing it knows changed
      st.run = std::make_unique<contract_state::cycle_run>();
      st.run->promise = self->make_response_promise();
      st.run->current = std::move(cycle);
      if (st.run->current.import_done)
        st.progress.phase = import_phase::done;
      start_cycle(self);
      return caf::delegated<contract_cycle_result>{};
    },
    [self](atom::reload, storage::engine_store::contract_plan& plan) { apply_plan(self->state, std::move(plan)); },
    [self](atom::synced) { self->state.progress.phase = import_phase::done; }, // its first import finished earlier
    [self](atom::status) { return self->state.status(); },
  };
}

caf::actor spawn_contract_actor(caf::actor_system& sys, storage::engine_store::contract_plan plan,
                                std::shared_ptr<const contract_deps> deps) {
  return sys.spawn(contract_actor, std::move(plan), std::move(deps));
}

} // namespace upsync::sync
