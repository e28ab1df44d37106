// The ORGANIZATION actor's sync cycle (the actor: organization_actor.cpp). A cycle asks
// Upwork for the daily totals of every syncing contract at once (about one request per
// organization when nothing changed), compares them with what each contract has synced
// (held in the state, read from PostgreSQL in one query at the first cycle) and wakes only
// the contracts whose days differ, which fetch those days. Cycles never overlap; the next is
// scheduled when one ends. A paused or closed contract that was syncing keeps re-reading the
// days Upwork can still change until its closing grace ends (domain/billing_week).
#include "actors/organization_state.hpp"

#include "actors/engine_metrics.hpp"
#include "actors/upwork_requests.hpp"
#include "domain/sync_windows.hpp"

#include <algorithm>
#include <caf/all.hpp>
#include <spdlog/spdlog.h>

namespace upsync::sync::organization {

namespace {

void schedule_next(self_ptr self, std::chrono::milliseconds delay) {
  auto gen = ++self->state.generation;
  self->delayed_send(self, delay, atom::tick_v, gen);
}

// The time between two cycles: the configured interval, stretched by the pacer when the
// day's Upwork budget cannot pay for every organization's cycles at it (issue 19).
std::chrono::milliseconds cycle_interval(const organization_state& st) {
  const auto& s = *st.deps.settings;
  return s.pacer ? s.pacer->next_interval() : s.cycle_interval;
}

// After a failure: back off exponentially, up to the normal interval.
std::chrono::milliseconds retry_delay(const organization_state& st) {
  auto base = std::chrono::milliseconds(1000) * (1 << std::min(st.failures_in_a_row, 8));
  return std::min<std::chrono::milliseconds>(base, cycle_interval(st));
}

} // namespace

void pause_for_reauth(self_ptr self) {
  auto& st = self->state;
  if (st.cycling)
    end_run(st, st.cycle_run, "failed", "the connection needs re-authorization");
  st.paused = true;
  st.cycling = false;
  self->send(st.deps.supervisor, atom::reauth_v, st.connection_id);
}

namespace {

void end_cycle(self_ptr self) {
  auto& st = self->state;
  st.cycling = false;
  end_run(st, st.cycle_run,
          st.cycle_complete                    ? "succeeded"
          : st.cycle_failed_whole || st.paused ? "failed"
                                               : "partial");
  if (auto changes = st.health.take_changes(); !changes.empty())
    caf::anon_send(st.deps.store, contract_health_changes{std::move(changes)});
  if (st.paused)
    return;
  if (auto* m = st.deps.settings->instruments.get())
    m->cycles.with({st.cycle_complete ? "ok" : "incomplete"}).inc();
  if (st.deps.settings->pacer)
    st.deps.settings->pacer->cycle_done();
  // Between cycles only the re-read window matters (every window ends today).
  auto keep_from = domain::reread_window(st.deps.settings->today()).first;
  for (auto& [id, slot] : st.contracts)
    slot.synced.drop_before(keep_from);
  st.reported.drop_before(keep_from);
  if (st.cycle_complete) {
    if (st.joined == st.joined_at_cycle_start) // a contract that joined meanwhile still needs its import
      st.full_window = false;
    st.failures_in_a_row = 0;
    st.last_success = unix_now();
    caf::anon_send(st.deps.store, atom::synced_v, st.workspace_id, st.organization_id);
    schedule_next(self, cycle_interval(st));
  } else {
    ++st.failures_in_a_row;
    schedule_next(self, retry_delay(st));
  }
}

// A failure before any contract could run (the time report, the synced totals) is a failed
// cycle of each of its contracts: none of them synced (docs/architecture.md, "Failures").
void organization_failed(self_ptr self, const fetch_failure& failure) {
  auto& st = self->state;
  for (const auto& [id, slot] : st.contracts)
    if (slot.loaded)
      st.health.cycle_done(id, failure);
  st.cycle_complete = false;
  st.cycle_failed_whole = true;
  if (!st.cycle_run.error)
    st.cycle_run.error = failure.message;
  end_cycle(self);
}

// `answered`: the contract itself reported (its synced totals are current); otherwise the
// request failed and what the organization holds stays (a re-read is harmless: the ledger).
void contract_done(self_ptr self, const contract_cycle_result& r, bool answered) {
  auto& st = self->state;
  if (!st.waiting.erase(r.contract_id))
    return; // stopped during the cycle: already accounted for
  if (auto slot = st.contracts.find(r.contract_id); answered && slot != st.contracts.end()) {
    slot->second.synced = r.synced;
    slot->second.import_done = r.import_done;
  }
  auto& run = st.cycle_run;
  run.contract_days_read += r.days_read;
  run.cells_written += r.cells_written;
  run.intervals_written += r.intervals_written;
  run.requests += r.requests;
  if (r.failure && !run.error)
    run.error = r.contract_id + ": " + r.failure->message;
  if (r.failure && r.failure->kind == fetch_failure::what::needs_reauth)
    pause_for_reauth(self);
  // An incomplete cycle without a reason still failed (fetch_failure's code: internal).
  st.health.cycle_done(r.contract_id, r.complete ? std::nullopt : std::optional{r.failure.value_or(fetch_failure{})});
  if (!r.complete) {
    st.cycle_complete = false;
    spdlog::warn("contract_cycle_incomplete organization={} contract={} error=\"{}\"", st.organization_id,
                 r.contract_id, r.failure ? r.failure->message : "");
  }
  if (st.waiting.empty())
    end_cycle(self);
}

// Wakes the contracts whose reported days differ from what they synced (or whose first
// import is not closed yet); an unchanged contract costs no message.
void wake_contracts(self_ptr self, time_report_answer& answer, const domain::day_window& window) {
  auto& st = self->state;
  for (auto& [id, slot] : st.contracts) {
    if (!slot.loaded)
      continue; // joined after the cycle read the synced state: the next cycle imports it
    domain::day_totals reported;
    if (auto found = answer.totals.find(id); found != answer.totals.end())
      reported = std::move(found->second);
    // A closing contract re-reads only the days of weeks not locked yet; an import it has
    // not finished still covers its whole window (that time was worked while it was active).
    auto days = slot.closing_until && slot.import_done ? domain::open_days(window, st.deps.settings->now()) : window;
    if (slot.import_done && domain::days_needing_cells(reported, slot.synced, days).empty()) {
      st.health.cycle_done(id, std::nullopt); // nothing to fetch: a success
      continue;
    }
    st.waiting.insert(id);
    self
      ->request(slot.actor, caf::infinite, atom::cycle_v,
                contract_cycle{std::move(reported), slot.synced, days, slot.import_done})
      .then([self](const contract_cycle_result& r) { contract_done(self, r, true); },
            [self, id = id](const caf::error& e) {
              contract_done(self,
                            contract_cycle_result{
                              id, false, fetch_failure{fetch_failure::what::retry_later, self->system().render(e)},
                              domain::day_totals{}, false},
                            false);
            });
  }
  if (st.waiting.empty())
    end_cycle(self);
}

void fetch_report(self_ptr self, const domain::day_window& window) {
  auto& st = self->state;
  auto purpose = st.full_window ? domain::request_purpose::import : domain::request_purpose::reread;
  std::vector<std::string> ids;
  ids.reserve(st.contracts.size());
  for (const auto& [id, slot] : st.contracts)
    ids.push_back(id);
  request_upwork(self, st.deps.fetchers, purpose,
                 time_report_query{st.deps.tokens, st.organization_id, window, ids, purpose})
    .then(
      [self, window, ids](const time_report_answer& answer_in) {
        auto& st = self->state;
        st.cycle_run.requests += answer_in.requests;
        if (!answer_in.failure) // reconciliation: what Upwork reports now, changes only
          if (auto news = st.reported.observe(answer_in.totals, ids, window); !news.changes.empty())
            caf::anon_send(st.deps.store, std::move(news));
        if (answer_in.failure) {
          if (answer_in.failure->kind == fetch_failure::what::needs_reauth) {
            pause_for_reauth(self);
            return;
          }
          spdlog::warn("time_report_failed organization={} error=\"{}\"", st.organization_id,
                       answer_in.failure->message);
          organization_failed(self, *answer_in.failure);
          return;
        }
        auto answer = answer_in;
        wake_contracts(self, answer, window);
      },
      [self](const caf::error& e) {
        spdlog::warn("time_report_failed organization={} error=\"{}\"", self->state.organization_id,
                     self->system().render(e));
        organization_failed(self, fetch_failure{fetch_failure::what::retry_later, self->system().render(e)});
      });
}

void stop_contracts_past_grace(self_ptr self);

} // namespace

void run_cycle(self_ptr self) {
  auto& st = self->state;
  if (st.cycling || st.paused)
    return;
  stop_contracts_past_grace(self);
  if (st.contracts.empty()) {
    st.seat.release(); // nothing to ask Upwork: no share of the day's budget
    schedule_next(self, st.deps.settings->cycle_interval);
    return;
  }
  st.seat.take(st.deps.settings->pacer);
  st.cycling = true;
  st.cycle_complete = true;
  st.cycle_failed_whole = false;
  st.cycle_run = begin_run(st, st.full_window ? "import" : "cycle");
  st.joined_at_cycle_start = st.joined;
  domain::day_number today = st.deps.settings->today();
  if (!st.full_window) {
    fetch_report(self, domain::reread_window(today));
    return;
  }
  // The import window: what every contract has synced over it, in one query for the whole
  // organization (not one store request per contract: 100,000 of them at start-up).
  domain::day_window window = domain::import_window(today, st.deps.settings->import_days);
  std::vector<std::string> ids;
  ids.reserve(st.contracts.size());
  for (const auto& [id, slot] : st.contracts)
    ids.push_back(id);
  self->request(st.deps.store, caf::infinite, atom::totals_v, st.workspace_id, ids, window.first)
    .then(
      [self, window, ids](const organization_resume& resume) {
        auto& st = self->state;
        for (const auto& id : ids) {
          auto slot = st.contracts.find(id);
          if (slot == st.contracts.end())
            continue; // stopped meanwhile
          auto found = resume.contracts.find(id);
          slot->second.synced = found == resume.contracts.end() ? domain::day_totals{} : found->second.synced;
          slot->second.import_done = found != resume.contracts.end() && found->second.import_done;
          slot->second.loaded = true;
          if (found != resume.contracts.end())
            st.health.loaded(id, found->second.failures_in_a_row);
          // A contract it finds imported may never be woken: its status says so at once.
          if (slot->second.import_done)
            self->send(slot->second.actor, atom::synced_v);
        }
        fetch_report(self, window);
      },
      [self](const caf::error& e) {
        spdlog::warn("synced_totals_failed organization={} error=\"{}\"", self->state.organization_id,
                     self->system().render(e));
        organization_failed(self, database_failure(self->system().render(e)));
      });
}

namespace {

// What a contract needs to sync: shared by every contract of the organization that writes
// through the same writer (one copy, not one per contract actor).
std::shared_ptr<const contract_deps> contract_deps_for(const organization_state& st, const std::string& contract_id) {
  return st.shared_deps[std::hash<std::string>{}(contract_id) % st.shared_deps.size()];
}

// Stops a contract's actor; its intervals stay. Unlinked first, so that its exit is not
// taken for a failure of the organization. Returns the next slot.
std::map<std::string, organization_state::contract_slot>::iterator
stop_contract(self_ptr self, std::map<std::string, organization_state::contract_slot>::iterator it) {
  auto& st = self->state;
  self->unlink_from(it->second.actor);
  self->send_exit(it->second.actor, caf::exit_reason::user_shutdown);
  // Its part of a running cycle will never answer: the cycle no longer waits for it.
  bool was_waiting = st.waiting.erase(it->first) > 0;
  st.health.forget(it->first);
  it = st.contracts.erase(it);
  if (was_waiting && st.waiting.empty() && st.cycling)
    end_cycle(self);
  return it;
}

} // namespace

// Brings the contract actors in line with the organization's plans (F9: changes apply at once).
void apply_plans(self_ptr self, const std::vector<storage::engine_store::contract_plan>& plans) {
  auto& st = self->state;
  std::map<std::string, storage::engine_store::contract_plan> wanted;
  for (const auto& p : plans)
    if (p.workspace_id == st.workspace_id && p.organization_id == st.organization_id)
      wanted[p.contract_id] = p;
  for (auto it = st.contracts.begin(); it != st.contracts.end();) {
    // Sync switched off, unmapped, or paused or closed with no grace (left): stop.
    if (!wanted.count(it->first))
      it = stop_contract(self, it);
    else
      ++it;
  }
  for (auto& [id, plan] : wanted) {
    if (auto it = st.contracts.find(id); it != st.contracts.end()) {
      it->second.closing_until = plan.closing_until;
      self->send(it->second.actor, atom::reload_v, plan);
    } else {
      auto actor = spawn_contract_actor(self->system(), plan, contract_deps_for(st, id));
      self->link_to(actor);
      st.contracts[id].actor = actor;
      st.contracts[id].closing_until = plan.closing_until;
      st.full_window = true; // a new contract starts with its first import
      ++st.joined;
    }
  }
}

namespace {

// A closing contract whose grace ended (its last week locked) stops without waiting for
// the next refresh; the plans PostgreSQL gives no longer list it either.
void stop_contracts_past_grace(self_ptr self) {
  auto& st = self->state;
  auto now = st.deps.settings->now();
  for (auto it = st.contracts.begin(); it != st.contracts.end();) {
    if (it->second.closing_until && now >= *it->second.closing_until) {
      spdlog::info("contract_grace_over organization={} contract={}", st.organization_id, it->first);
      it = stop_contract(self, it);
    } else {
      ++it;
    }
  }
}

} // namespace

} // namespace upsync::sync::organization
