// An ORGANIZATION actor: owns one Upwork organization's mapping (its contracts, their plans
// and rates), its refresh from Upwork and its sync cycle. A cycle asks Upwork for the daily
// totals of every syncing contract at once (about one request per organization when
// nothing changed), compares them with what each contract has synced (held here, read from
// PostgreSQL in one query at the first cycle) and wakes only the contracts whose days
// differ, which fetch those days. Cycles never overlap; the next is scheduled when one ends. A refresh (on demand, and every
// refresh_interval) reads the organization from Upwork, has the store write it in one
// transaction and reloads the plans, so new contracts, paused or closed ones and new rates
// apply at once (F5, F9, F10); a paused or closed contract that was syncing keeps re-reading
// the days Upwork can still change until its closing grace ends (storage/billing_week).
// Refreshes never overlap either; a request during one joins it.
#include "actors/organization_actor.hpp"

#include "actors/contract_actor.hpp"
#include "actors/contract_health.hpp"
#include "actors/engine_metrics.hpp"
#include "actors/metered_actor.hpp"

#include <algorithm>
#include <caf/all.hpp>
#include <functional>
#include <set>
#include <spdlog/spdlog.h>

namespace upsync::sync {

namespace {

struct organization_state {
  storage::db_id workspace_id = 0;
  std::string organization_id;
  storage::db_id connection_id = 0;
  organization_deps deps;

  /// A syncing contract: its actor (which holds its plan) and what it has synced.
  struct contract_slot {
    caf::actor actor;
    day_totals synced;        ///< over the re-read window between cycles (the import window's while one runs)
    bool import_done = false;
    bool loaded = false;      ///< `synced` and `import_done` are known (read or reported back)
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
  bool full_window = true; ///< read the import window (first cycle, new contracts)
  std::uint64_t joined = 0; ///< contracts that ever joined; a cycle that saw a join keeps full_window
  std::uint64_t joined_at_cycle_start = 0;
  std::uint64_t generation = 0; ///< identifies the one scheduled tick that counts
  int failures_in_a_row = 0;
  std::set<std::string> waiting; ///< contracts whose part of the running cycle is not done
  bool cycle_complete = true;
  double last_success = 0; ///< Unix seconds of the last complete cycle (sync lag)
  contract_health_book health; ///< its failing contracts (after deps: it reads their instruments)

  void describe(actor_report& r) const {
    r.workspace_id = workspace_id;
    r.organization_id = organization_id;
    r.state = paused ? "paused" : cycling ? "cycling" : failures_in_a_row ? "backing_off" : "idle";
    r.last_success = last_success;
  }

  static inline const char* name = "organization";
};

using self_ptr = metered_actor<organization_state>*;

void schedule_next(self_ptr self, std::chrono::milliseconds delay) {
  auto gen = ++self->state.generation;
  self->delayed_send(self, delay, atom::tick_v, gen);
}

// After a failure: back off exponentially, up to the normal interval.
std::chrono::milliseconds retry_delay(const organization_state& st) {
  auto base = std::chrono::milliseconds(1000) * (1 << std::min(st.failures_in_a_row, 8));
  return std::min<std::chrono::milliseconds>(base, st.deps.settings->cycle_interval);
}

void pause_for_reauth(self_ptr self) {
  auto& st = self->state;
  st.paused = true;
  st.cycling = false;
  self->send(st.deps.supervisor, atom::reauth_v, st.connection_id);
}

void end_cycle(self_ptr self) {
  auto& st = self->state;
  st.cycling = false;
  if (auto changes = st.health.take_changes(); !changes.empty())
    caf::anon_send(st.deps.store, contract_health_changes{std::move(changes)});
  if (st.paused)
    return;
  if (auto* m = st.deps.settings->instruments.get())
    m->cycles.with({st.cycle_complete ? "ok" : "incomplete"}).inc();
  // Between cycles only the re-read window matters (every window ends today).
  auto keep_from = reread_window(st.deps.settings->today()).first;
  for (auto& [id, slot] : st.contracts)
    slot.synced.drop_before(keep_from);
  if (st.cycle_complete) {
    if (st.joined == st.joined_at_cycle_start) // a contract that joined meanwhile still needs its import
      st.full_window = false;
    st.failures_in_a_row = 0;
    st.last_success = unix_now();
    caf::anon_send(st.deps.store, atom::synced_v, st.workspace_id, st.organization_id);
    schedule_next(self, st.deps.settings->cycle_interval);
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
void wake_contracts(self_ptr self, time_report_answer& answer, const day_window& window) {
  auto& st = self->state;
  for (auto& [id, slot] : st.contracts) {
    if (!slot.loaded)
      continue; // joined after the cycle read the synced state: the next cycle imports it
    day_totals reported;
    if (auto found = answer.totals.find(id); found != answer.totals.end())
      reported = std::move(found->second);
    // A closing contract re-reads only the days of weeks not locked yet; an import it has
    // not finished still covers its whole window (that time was worked while it was active).
    auto days = slot.closing_until && slot.import_done ? open_days(window, wall_seconds(*st.deps.settings)) : window;
    if (slot.import_done && days_needing_cells(reported, slot.synced, days).empty()) {
      st.health.cycle_done(id, std::nullopt); // nothing to fetch: a success
      continue;
    }
    st.waiting.insert(id);
    self->request(slot.actor, caf::infinite, atom::cycle_v,
                  contract_cycle{std::move(reported), slot.synced, days, slot.import_done})
      .then([self](const contract_cycle_result& r) { contract_done(self, r, true); },
            [self, id = id](const caf::error& e) {
              contract_done(self,
                            contract_cycle_result{id, false,
                                                  fetch_failure{fetch_failure::what::retry_later, self->system().render(e)},
                                                  day_totals{}, false},
                            false);
            });
  }
  if (st.waiting.empty())
    end_cycle(self);
}

void fetch_report(self_ptr self, const day_window& window) {
  auto& st = self->state;
  std::vector<std::string> ids;
  ids.reserve(st.contracts.size());
  for (const auto& [id, slot] : st.contracts)
    ids.push_back(id);
  self->request(st.deps.fetchers, caf::infinite, time_report_query{st.deps.tokens, st.organization_id, window, std::move(ids)})
    .then(
      [self, window](const time_report_answer& answer_in) {
        auto& st = self->state;
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

void run_cycle(self_ptr self) {
  auto& st = self->state;
  if (st.cycling || st.paused)
    return;
  stop_contracts_past_grace(self);
  if (st.contracts.empty()) {
    schedule_next(self, st.deps.settings->cycle_interval);
    return;
  }
  st.cycling = true;
  st.cycle_complete = true;
  st.joined_at_cycle_start = st.joined;
  day_number today = st.deps.settings->today();
  if (!st.full_window) {
    fetch_report(self, reread_window(today));
    return;
  }
  // The import window: what every contract has synced over it, in one query for the whole
  // organization (not one store request per contract: 100,000 of them at start-up).
  day_window window = import_window(today, st.deps.settings->import_days);
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
          slot->second.synced = found == resume.contracts.end() ? day_totals{} : found->second.synced;
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

// A closing contract whose grace ended (its last week locked) stops without waiting for
// the next refresh; the plans PostgreSQL gives no longer list it either.
void stop_contracts_past_grace(self_ptr self) {
  auto& st = self->state;
  auto now = wall_seconds(*st.deps.settings);
  for (auto it = st.contracts.begin(); it != st.contracts.end();) {
    if (it->second.closing_until && now >= *it->second.closing_until) {
      spdlog::info("contract_grace_over organization={} contract={}", st.organization_id, it->first);
      it = stop_contract(self, it);
    } else {
      ++it;
    }
  }
}

// ---- refresh from Upwork (F5) -------------------------------------------------------------

void schedule_refresh(self_ptr self, std::chrono::milliseconds delay) {
  auto gen = ++self->state.refresh_generation;
  self->delayed_send(self, delay, atom::refresh_v, gen);
}

upwork::org_kind kind_of(const std::string& type) {
  if (type == "agency")
    return upwork::org_kind::agency;
  if (type == "client")
    return upwork::org_kind::client;
  if (type == "freelancer")
    return upwork::org_kind::freelancer;
  return upwork::org_kind::unknown;
}

void finish_refresh(self_ptr self) {
  self->state.refreshing = false;
  if (!self->state.paused) // a lost grant waits for re-authorization, not for the timer
    schedule_refresh(self, self->state.deps.settings->refresh_interval);
}

void refresh_failed(self_ptr self, const fetch_failure& failure) {
  auto& st = self->state;
  spdlog::warn("organization_refresh_failed organization={} error=\"{}\"", st.organization_id, failure.message);
  caf::anon_send(st.deps.store, atom::refresh_v,
                 organization_refresh{st.workspace_id, st.connection_id, st.organization_id, std::nullopt});
  if (failure.kind == fetch_failure::what::needs_reauth)
    pause_for_reauth(self);
  finish_refresh(self);
}

// The refresh is written: the plans as they are now (new, paused, closed contracts, rates).
void reload_after_refresh(self_ptr self, const refresh_saved& saved) {
  auto& st = self->state;
  // A contract held by another organization of the workspace may have changed too.
  for (const auto& other : saved.organizations_touched)
    if (other != st.organization_id)
      self->send(st.deps.supervisor, atom::reload_v, st.workspace_id, other);
  self->request(st.deps.store, caf::infinite, atom::load_v, st.workspace_id, st.organization_id)
    .then(
      [self](const engine_plan& plan) {
        apply_plans(self, plan.contracts);
        spdlog::info("organization_refreshed organization={} syncing_contracts={}", self->state.organization_id,
                     self->state.contracts.size());
        finish_refresh(self);
        if (!self->state.cycling)
          run_cycle(self);
      },
      [self](const caf::error&) {
        // The supervisor retries loading until the database answers.
        auto& st = self->state;
        self->send(st.deps.supervisor, atom::reload_v, st.workspace_id, st.organization_id);
        finish_refresh(self);
      });
}

void start_refresh(self_ptr self) {
  auto& st = self->state;
  if (st.refreshing)
    return; // joins the one running: it reads Upwork as it is now
  if (st.paused) {
    refresh_failed(self, fetch_failure{fetch_failure::what::retry_later, "the connection needs re-authorization"});
    return;
  }
  st.refreshing = true;
  upwork::organization_hint hint;
  hint.kind = kind_of(st.organization_type);
  self->request(st.deps.fetchers, caf::infinite, organization_query{st.deps.tokens, st.organization_id, hint})
    .then(
      [self](const organization_answer& answer) {
        auto& st = self->state;
        if (answer.failure || !answer.snapshot) {
          refresh_failed(self, answer.failure.value_or(fetch_failure{fetch_failure::what::retry_later, "no answer"}));
          return;
        }
        self->request(st.deps.store, caf::infinite, atom::refresh_v,
                      organization_refresh{st.workspace_id, st.connection_id, st.organization_id, answer.snapshot})
          .then([self](const refresh_saved& saved) { reload_after_refresh(self, saved); },
                [self](const caf::error& e) {
                  refresh_failed(self, fetch_failure{fetch_failure::what::retry_later,
                                                     "store: " + self->system().render(e)});
                });
      },
      [self](const caf::error& e) {
        refresh_failed(self, fetch_failure{fetch_failure::what::retry_later, self->system().render(e)});
      });
}

// What the plan says of the organization itself; the first one starts the refresh timer
// (due when the last refresh is a refresh_interval old).
void adopt_organization(self_ptr self, const engine_plan& plan) {
  auto& st = self->state;
  for (const auto& o : plan.organizations) {
    if (o.workspace_id != st.workspace_id || o.organization_id != st.organization_id)
      continue;
    st.organization_type = o.organization_type;
    if (st.refresh_scheduled)
      return;
    st.refresh_scheduled = true;
    auto interval = st.deps.settings->refresh_interval;
    auto delay = interval;
    if (o.last_refreshed_at) {
      auto age = std::chrono::seconds(wall_seconds(*st.deps.settings) - *o.last_refreshed_at);
      delay = std::clamp<std::chrono::milliseconds>(interval - age, std::chrono::milliseconds(0), interval);
    }
    schedule_refresh(self, delay);
    return;
  }
}

caf::behavior organization_actor(self_ptr self, storage::db_id workspace_id,
                                 std::string organization_id, storage::db_id connection_id,
                                 organization_deps deps) {
  auto& st = self->state;
  st.workspace_id = workspace_id;
  st.organization_id = std::move(organization_id);
  st.connection_id = connection_id;
  st.deps = std::move(deps);
  st.health.start(st.workspace_id, st.deps.settings->instruments.get());
  for (const auto& writer : st.deps.writers)
    st.shared_deps.push_back(
      std::make_shared<const contract_deps>(contract_deps{st.deps.fetchers, writer, st.deps.tokens, st.deps.settings}));
  return {
    [self](atom::tick) { run_cycle(self); },
    [self](atom::tick, std::uint64_t gen) {
      if (gen == self->state.generation)
        run_cycle(self);
    },
    [self](atom::reload, const engine_plan& plan) {
      adopt_organization(self, plan);
      apply_plans(self, plan.contracts);
      if (!self->state.cycling)
        run_cycle(self);
    },
    [self](atom::refresh) { start_refresh(self); },
    [self](atom::refresh, std::uint64_t gen) {
      if (gen == self->state.refresh_generation)
        start_refresh(self);
    },
    [self](atom::status) -> caf::result<std::vector<contract_status>> {
      auto& st = self->state;
      if (st.contracts.empty())
        return std::vector<contract_status>{};
      auto promise = self->make_response_promise();
      auto collected = std::make_shared<std::vector<contract_status>>();
      auto remaining = std::make_shared<std::size_t>(st.contracts.size());
      for (const auto& [id, slot] : st.contracts)
        self->request(slot.actor, std::chrono::seconds(5), atom::status_v)
          .then(
            [promise, collected, remaining](const contract_status& s) mutable {
              collected->push_back(s);
              if (--*remaining == 0)
                promise.deliver(std::move(*collected));
            },
            [promise, collected, remaining](const caf::error&) mutable {
              if (--*remaining == 0)
                promise.deliver(std::move(*collected));
            });
      return caf::delegated<std::vector<contract_status>>{};
    },
  };
}

} // namespace

caf::actor spawn_organization_actor(caf::actor_system& sys, storage::db_id workspace_id,
                                    std::string organization_id, storage::db_id connection_id,
                                    organization_deps deps) {
  return sys.spawn(organization_actor, workspace_id, std::move(organization_id), connection_id, std::move(deps));
}

} // namespace upsync::sync
