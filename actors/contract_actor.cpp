// A CONTRACT actor: syncs one contract. Its organization wakes it with Upwork's daily totals
// and what is synced already (it keeps those between cycles, and wakes only contracts whose
// days differ); the contract fetches the cells of the days that differ, a window of days at
// once, turns each window into one batch with the mapped member, project and the rates of
// each day, advances only when the writer acknowledges the commit, and answers with the
// synced totals as they now are.
#include "actors/contract_actor.hpp"
#include "actors/metered_actor.hpp"
#include "actors/upwork_requests.hpp"
#include "domain/calendar.hpp"
#include "domain/organization_kind.hpp"
#include "domain/rate_schedule.hpp"

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <memory>

namespace upsync::sync {

namespace {

namespace sw = storage::sync_writer;

/// What a contract keeps of its plan: the rates go into the schedules, the organization's
/// type into `kind` (100,000 contract actors hold one each, bench_scale).
struct kept_plan {
  storage::db_id workspace_id = 0;
  storage::db_id member_id = 0;
  storage::db_id project_id = 0;
  std::string organization_id;
  std::string contract_id;
  std::string currency;
  std::int64_t rates_version = 0; ///< of the rates below: the writer prices again after a later one
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

/// How far the contract's import is: its cursor rows and its reports (describe) say it.
struct import_progress {
  import_phase phase = import_phase::pending;
  std::int32_t days_done = 0;
  std::int32_t days_total = 0;
};

struct contract_state {
  kept_plan plan;
  domain::organization_kind kind = domain::organization_kind::agency;
  domain::rate_schedule upwork_rates, upwork_override_rates, pay_rates, bill_rates;

  import_progress progress;

  /// The cycle in progress; none between cycles. Held through a pointer because 100,000
  /// idle contract actors would otherwise carry its 150 bytes each (bench_scale).
  struct cycle_run {
    caf::typed_response_promise<contract_cycle_result> promise;
    contract_cycle current;
    std::vector<domain::day_number> queue; ///< the days to fetch, in order
    std::size_t next = 0;                  ///< the first day of the queue not committed yet
    std::vector<work_diary_answer> window; ///< answers for queue[next...], in queue order
    std::size_t window_pending = 0;        ///< fetches of the window still unanswered
    contract_cycle_result done;            ///< what it did so far (the sync history's counts)
  };
  std::unique_ptr<cycle_run> run;

  std::shared_ptr<const contract_deps> deps; ///< one for all contracts of a writer

  bool imported() const { return progress.phase == import_phase::done; }

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

using self_ptr = metered_actor<contract_state, contract_actor::base>*;

void apply_plan(contract_state& st, storage::engine_store::contract_plan plan) {
  st.plan =
    kept_plan{plan.workspace_id,           plan.member_id,           plan.project_id,   std::move(plan.organization_id),
              std::move(plan.contract_id), std::move(plan.currency), plan.rates_version};
  st.kind = domain::parse_organization_kind(plan.organization_type);
  st.upwork_rates = {};
  st.upwork_override_rates = {};
  st.pay_rates = {};
  st.bill_rates = {};
  for (auto& r : plan.rates)
    (r.side == "upwork"            ? st.upwork_rates
     : r.side == "upwork_override" ? st.upwork_override_rates
     : r.side == "pay"             ? st.pay_rates
                                   : st.bill_rates)
      .set(r.effective_from_day, std::move(r.rate));
}

void finish(self_ptr self, std::optional<fetch_failure> failure) {
  auto& st = self->state;
  // Between cycles the organization holds the totals; an idle contract holds none.
  auto run = std::move(st.run);
  auto result = std::move(run->done);
  result.contract_id = st.plan.contract_id;
  result.complete = !failure.has_value();
  result.failure = std::move(failure);
  result.synced = std::move(run->current.synced);
  result.import_done = st.imported();
  run->promise.deliver(std::move(result));
}

// The cursor as it stands once the queue's days up to `position` are committed (none:
// an import that found nothing to fetch).
sw::cursor_row cursor_for(const contract_state& st, std::optional<std::size_t> position) {
  const auto& run = *st.run;
  bool last = !position || *position + 1 >= run.queue.size();
  sw::cursor_row c;
  c.workspace_id = st.plan.workspace_id;
  c.contract_id = st.plan.contract_id;
  c.import_state = st.imported() || last ? "done" : "running";
  c.days_done = st.progress.days_done + (position ? static_cast<std::int32_t>(*position - run.next + 1) : 0);
  c.days_total = st.progress.days_total;
  c.window_start_day = run.current.window.first;
  if (position)
    c.synced_through_day = run.queue[*position];
  return c;
}

// Adds the queue's day at `position` to `batch`: its whole 10-minute cells with the mapped
// member, project and the rates of that day, and its reported total.
void add_day(const contract_state& st, sw::sync_batch& batch, std::size_t position, const work_diary_answer& answer) {
  domain::day_number day = st.run->queue[position];
  auto rates =
    domain::rates_for_day(st.kind, st.upwork_rates, st.upwork_override_rates, st.pay_rates, st.bill_rates, day);
  for (const auto& cell : answer.cells) {
    if (domain::day_of(cell.start) != day || cell.start % 600 != 0)
      continue; // only whole 10-minute cells of the day asked for
    batch.cells.push_back(sw::cell_row{st.plan.workspace_id, st.plan.contract_id, cell.start, cell.manual,
                                       st.plan.member_id, st.plan.project_id, rates.pay_rate, rates.bill_rate,
                                       st.plan.currency, st.plan.rates_version});
  }
  batch.days.push_back(
    sw::day_row{st.plan.workspace_id, st.plan.contract_id, day, st.run->current.reported.at(day), answer.complete});
}

// A committed batch: its days are synced.
void remember(contract_state& st, std::size_t days) {
  auto& run = *st.run;
  for (std::size_t i = 0; i < days; ++i) {
    auto day = run.queue[run.next + i];
    run.current.synced.set(day, run.current.reported.at(day));
  }
  run.next += days;
  st.progress.days_done += static_cast<std::int32_t>(days);
  if (!st.imported() && run.next >= run.queue.size())
    st.progress.phase = import_phase::done;
}

// What a committed batch wrote of this contract: every new cell became part of an interval
// (sync_writer), so the intervals' 10-minute cells are the cells written.
void count_written(contract_state& st, const sw::batch_result& written) {
  auto& done = st.run->done;
  for (const auto& i : written.intervals) {
    ++done.intervals_written;
    done.cells_written += (i.ended_at - i.started_at) / 600;
  }
}

void fetch_window(self_ptr self);

// Every fetch of the window answered: the days up to the first failed one go to the writer
// as one batch (one transaction, so a window is committed whole or not at all); the cycle
// goes on only after the writer's ack, and ends at a failed fetch once what preceded it is
// committed.
void write_window(self_ptr self) {
  auto& st = self->state;
  auto& run = *st.run;
  sw::sync_batch batch;
  std::size_t days = 0;
  std::optional<fetch_failure> failure;
  for (auto& answer : run.window) {
    if (answer.failure) {
      failure = std::move(answer.failure);
      break;
    }
    add_day(st, batch, run.next + days, answer);
    ++days;
  }
  run.window.clear();
  if (days == 0) {
    finish(self, std::move(failure));
    return;
  }
  batch.cursors.push_back(cursor_for(st, run.next + days - 1)); // after the window's last day
  self->request(st.deps->writer, caf::infinite, atom::write_v, std::move(batch))
    .then(
      [self, days, failure](const sw::batch_result& written) {
        remember(self->state, days);
        count_written(self->state, written);
        if (failure)
          finish(self, failure);
        else
          fetch_window(self);
      },
      [self, failure](const caf::error& e) {
        // Nothing of these days was committed; the next cycle finds them still differing.
        // A lost grant matters more than the write: it is what the organization must hear.
        if (failure && failure->kind == fetch_failure::what::needs_reauth)
          finish(self, failure);
        else
          finish(self, database_failure(self->system().render(e)));
      });
}

// Asks for the next `days_in_flight` days of the queue at once (its organization batches
// them with its other contracts' days into aliased requests) and writes them when all have
// answered.
void fetch_window(self_ptr self) {
  auto& st = self->state;
  auto& run = *st.run;
  if (run.next >= run.queue.size()) {
    finish(self, std::nullopt);
    return;
  }
  auto size = std::min(std::max<std::size_t>(1, st.deps->settings->days_in_flight), run.queue.size() - run.next);
  run.window.assign(size, work_diary_answer{});
  run.window_pending = size;
  for (std::size_t i = 0; i < size; ++i) {
    auto answered = [self, i](work_diary_answer answer) {
      auto& r = *self->state.run;
      r.done.requests += answer.requests;
      r.done.days_read += answer.failure ? 0 : 1;
      r.window[i] = std::move(answer);
      if (--r.window_pending == 0)
        write_window(self);
    };
    // Straight to the fetcher pool when batching is off: its urgency travels with it.
    const auto purpose = st.imported() ? domain::request_purpose::reread : domain::request_purpose::import;
    request_upwork(
      self, st.deps->diaries, purpose,
      work_diary_query{st.deps->tokens, st.plan.organization_id, st.plan.contract_id, run.queue[run.next + i], purpose})
      .then([answered](work_diary_answer& answer) { answered(std::move(answer)); },
            [self, answered](const caf::error& e) {
              work_diary_answer failed;
              failed.failure = fetch_failure{fetch_failure::what::retry_later, self->system().render(e)};
              answered(std::move(failed));
            });
  }
}

// Marks the first import done when a cycle found nothing to fetch.
void close_empty_import(self_ptr self) {
  auto& st = self->state;
  sw::sync_batch batch;
  auto cursor = cursor_for(st, std::nullopt);
  batch.cursors.push_back(cursor);
  self->request(st.deps->writer, caf::infinite, atom::write_v, std::move(batch))
    .then(
      [self](const sw::batch_result&) {
        self->state.progress.phase = import_phase::done;
        finish(self, std::nullopt);
      },
      [self](const caf::error& e) { finish(self, database_failure(self->system().render(e))); });
}

void start_cycle(self_ptr self) {
  auto& st = self->state;
  st.run->queue = domain::days_needing_cells(st.run->current.reported, st.run->current.synced, st.run->current.window);
  st.run->next = 0;
  if (!st.imported()) {
    // An import reads its newest days first (issue 19): this week is on the dashboard within
    // the first windows, however long the rest of the 90 days takes at Upwork's pace.
    std::reverse(st.run->queue.begin(), st.run->queue.end());
    st.progress.phase = import_phase::running;
    st.progress.days_total = st.progress.days_done + static_cast<std::int32_t>(st.run->queue.size());
    if (st.run->queue.empty()) {
      close_empty_import(self);
      return;
    }
  }
  fetch_window(self);
}

} // namespace

contract_actor::behavior_type contract_behavior(self_ptr self, storage::engine_store::contract_plan plan,
                                                std::shared_ptr<const contract_deps> deps) {
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
      st.run->promise = self->make_response_promise<contract_cycle_result>();
      st.run->current = std::move(cycle);
      if (st.run->current.import_done)
        st.progress.phase = import_phase::done;
      start_cycle(self);
      return caf::delegated<contract_cycle_result>{};
    },
    [self](atom::reload, storage::engine_store::contract_plan& plan) { apply_plan(self->state, std::move(plan)); },
    [self](atom::synced) { self->state.progress.phase = import_phase::done; }, // its first import finished earlier
  };
}

contract_actor spawn_contract_actor(caf::actor_system& sys, storage::engine_store::contract_plan plan,
                                    std::shared_ptr<const contract_deps> deps) {
  return sys.spawn(contract_behavior, std::move(plan), std::move(deps));
}

} // namespace upsync::sync
