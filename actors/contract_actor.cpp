// A CONTRACT actor: syncs one contract. Its organization wakes it with Upwork's daily totals
// and what is synced already (it keeps those between cycles, and wakes only contracts whose
// days differ); the contract fetches the cells of the days that differ, turns them into a
// batch with the mapped member, project and the rates of each day, advances only when the
// writer acknowledges the commit, and answers with the synced totals as they now are.
#include "actors/contract_actor.hpp"
#include "actors/metered_actor.hpp"

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

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

struct contract_state {
  storage::engine_store::contract_plan plan; ///< its rates live in the schedules below
  account_kind kind = account_kind::agency;
  rate_schedule upwork_rates, pay_rates, bill_rates;

  contract_status status;

  // The cycle in progress.
  bool cycling = false;
  caf::response_promise promise;
  contract_cycle current;
  std::vector<day_number> queue;
  std::size_t next = 0;

  contract_deps deps;

  void describe(actor_report& r) const {
    r.workspace_id = plan.workspace_id;
    r.organization_id = plan.organization_id;
    r.contract_id = plan.contract_id;
    r.state = cycling ? "cycling" : "idle";
    r.import_state = status.import_state;
    // Import progress: days written after the import (re-reads) are not import days.
    r.days_total = status.days_total;
    r.days_done = status.import_state == "done" ? status.days_total : std::min(status.days_done, status.days_total);
  }

  static inline const char* name = "contract";
};

using self_ptr = metered_actor<contract_state>*;

void apply_plan(contract_state& st, storage::engine_store::contract_plan plan) {
  st.plan = std::move(plan);
  st.status.project_id = st.plan.project_id;
  st.kind = kind_of(st.plan.organization_type);
  st.upwork_rates = {};
  st.pay_rates = {};
  st.bill_rates = {};
  for (auto& r : st.plan.rates)
    (r.side == "upwork" ? st.upwork_rates : r.side == "pay" ? st.pay_rates : st.bill_rates)
      .set(r.effective_from_day, std::move(r.rate));
  // Held once, in the schedules (100,000 contract actors, bench_scale).
  std::vector<storage::engine_store::rate_entry>{}.swap(st.plan.rates);
}

void finish(self_ptr self, std::optional<fetch_failure> failure) {
  auto& st = self->state;
  st.cycling = false;
  contract_cycle_result result{st.plan.contract_id, !failure.has_value(), std::move(failure),
                               std::move(st.current.synced), st.status.import_state == "done"};
  // Between cycles the organization holds the totals; an idle contract holds none.
  st.current = contract_cycle{};
  std::vector<day_number>{}.swap(st.queue);
  st.promise.deliver(std::move(result));
}

sw::cursor_row cursor_for(const contract_state& st, std::optional<day_number> synced_through) {
  bool importing = st.status.import_state != "done";
  bool last = st.next + 1 >= st.queue.size();
  sw::cursor_row c;
  c.workspace_id = st.plan.workspace_id;
  c.contract_id = st.plan.contract_id;
  c.import_state = importing ? (last ? "done" : "running") : "done";
  c.days_done = st.status.days_done + (synced_through ? 1 : 0);
  c.days_total = st.status.days_total;
  c.window_start_day = st.current.window.first;
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
  batch.days.push_back(sw::day_row{st.plan.workspace_id, st.plan.contract_id, day, st.current.reported.at(day)});
  batch.cursors.push_back(cursor_for(st, day));
  return batch;
}

void remember(contract_state& st, day_number day, const sw::batch_result& result) {
  st.current.synced.set(day, st.current.reported.at(day));
  st.status.days_done += 1;
  st.status.intervals_written += result.intervals.size();
  for (const auto& interval : result.intervals)
    st.status.recent.push_back(recent_entry{interval.started_at, interval.ended_at, interval.member_id});
  std::sort(st.status.recent.begin(), st.status.recent.end(),
            [](const recent_entry& a, const recent_entry& b) { return a.started_at > b.started_at; });
  if (st.status.recent.size() > 10)
    st.status.recent.resize(10);
}

void process_next(self_ptr self);

void write_day(self_ptr self, day_number day, const std::vector<diary_cell>& cells) {
  auto batch = batch_for_day(self->state, day, cells);
  self->state.status.cells_written += batch.cells.size();
  self->request(self->state.deps.writer, caf::infinite, atom::write_v, std::move(batch))
    .then(
      [self, day](const sw::batch_result& result) {
        auto& st = self->state;
        remember(st, day, result);
        if (st.status.import_state != "done" && st.next + 1 >= st.queue.size())
          st.status.import_state = "done";
        ++st.next;
        process_next(self);
      },
      [self](const caf::error& e) {
        // Nothing of this day was committed; the next cycle finds it still differing.
        finish(self, fetch_failure{fetch_failure::what::retry_later, self->system().render(e)});
      });
}

void process_next(self_ptr self) {
  auto& st = self->state;
  if (st.next >= st.queue.size()) {
    finish(self, std::nullopt);
    return;
  }
  day_number day = st.queue[st.next];
  self->request(st.deps.fetchers, caf::infinite,
                work_diary_query{st.deps.tokens, st.plan.organization_id, st.plan.contract_id, day})
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
  self->request(st.deps.writer, caf::infinite, atom::write_v, std::move(batch))
    .then(
      [self](const sw::batch_result&) {
        self->state.status.import_state = "done";
        finish(self, std::nullopt);
      },
      [self](const caf::error& e) {
        finish(self, fetch_failure{fetch_failure::what::retry_later, self->system().render(e)});
      });
}

void start_cycle(self_ptr self) {
  auto& st = self->state;
  st.queue = days_needing_cells(st.current.reported, st.current.synced, st.current.window);
  st.next = 0;
  if (st.status.import_state != "done") {
    st.status.import_state = "running";
    st.status.days_total = st.status.days_done + static_cast<std::int32_t>(st.queue.size());
    if (st.queue.empty()) {
      close_empty_import(self);
      return;
    }
  }
  process_next(self);
}

} // namespace

caf::behavior contract_actor(self_ptr self,
                             storage::engine_store::contract_plan plan, contract_deps deps) {
  self->state.deps = std::move(deps);
  self->state.status.contract_id = plan.contract_id;
  self->state.status.import_state = "pending";
  apply_plan(self->state, std::move(plan));
  return {
    [self](atom::cycle, contract_cycle& cycle) -> caf::result<contract_cycle_result> {
      auto& st = self->state;
      if (st.cycling) // the organization never overlaps cycles; refuse rather than queue
        return contract_cycle_result{st.plan.contract_id, false,
                                     fetch_failure{fetch_failure::what::retry_later, "cycle in progress"},
                                     std::move(cycle.synced), cycle.import_done}; // nothing it knows changed
      st.cycling = true;
      st.promise = self->make_response_promise();
      st.current = std::move(cycle);
      if (st.current.import_done)
        st.status.import_state = "done";
      start_cycle(self);
      return caf::delegated<contract_cycle_result>{};
    },
    [self](atom::reload, storage::engine_store::contract_plan& plan) { apply_plan(self->state, std::move(plan)); },
    [self](atom::synced) { self->state.status.import_state = "done"; }, // its first import finished earlier
    [self](atom::status) { return self->state.status; },
  };
}

caf::actor spawn_contract_actor(caf::actor_system& sys, storage::engine_store::contract_plan plan, contract_deps deps) {
  return sys.spawn(contract_actor, std::move(plan), std::move(deps));
}

} // namespace upsync::sync
