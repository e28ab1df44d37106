// The ORGANIZATION actor's cycle on CAF's deterministic scheduler: one time report for
// all its contracts, contracts fetch only what changed, the next cycle is scheduled after
// the interval (sooner after a failure), and a lost grant goes to the supervisor.
// Over 400 lines on purpose: the cycle's cases share one deterministic-scheduler fixture and its scripted fetchers;
// they read as one story.
#include "actors/actors.hpp"
#include "actors/metered_actor.hpp"
#include "actors/organization_actor.hpp"

#include "tests/actors/deterministic_config.hpp"
#include "tests/actors/organization_stand_ins.hpp"

#include <caf/all.hpp>
#include <gtest/gtest.h>

using namespace upsync;
using namespace upsync::sync;
using namespace upsync::domain;
namespace sw = upsync::storage::sync_writer;

namespace {

constexpr day_number today = 20682;

struct script {
  int time_reports = 0;
  std::vector<day_window> windows;
  int diaries = 0;
  int batches = 0;
  int synced_marks = 0;
  int resume_reads = 0;
  organization_resume resume; ///< what PostgreSQL says each contract has synced
  std::vector<storage::db_id> reauth;
  std::optional<fetch_failure> report_failure;
  std::map<std::string, day_totals> totals;
  std::vector<std::vector<std::string>> reported_contracts; ///< contract ids of each time report
  std::vector<caf::response_promise> held;                  ///< answers that never come
  std::vector<storage::sync_health::change> health; ///< contracts' failures and recoveries, as the store got them
  std::set<std::string> failing_diaries;            ///< contracts whose work diary fails

  // The refresh (F5).
  int organization_queries = 0;
  std::optional<fetch_failure> organization_failure;
  int refreshes_saved = 0;
  int refreshes_failed = 0;
  int plan_loads = 0;
  std::vector<std::string> plan_after_refresh; ///< the contracts that sync once it landed
  std::vector<std::string> supervisor_reloads;

  /// Each contract's import state as its last report to the metrics actor said.
  std::map<std::string, std::string> reported_import_states;
};

class organization_actor_test : public ::testing::Test {
protected:
  organization_actor_test()
      : sys(upsync::testing::deterministic_config(cfg)),
        sched(dynamic_cast<caf::scheduler::test_coordinator&>(sys.scheduler())) {
    auto s = sc;
    auto fetcher = sys.spawn([s](caf::event_based_actor* self) -> caf::behavior {
      return {[s](const time_report_query& q) {
                ++s->time_reports;
                s->windows.push_back(q.window);
                s->reported_contracts.push_back(q.contract_ids);
                time_report_answer a;
                if (s->report_failure)
                  a.failure = s->report_failure;
                else
                  a.totals = s->totals;
                return a;
              },
              [s, self](const work_diary_query& q) -> caf::result<work_diary_answer> {
                ++s->diaries;
                if (s->failing_diaries.count(q.contract_id))
                  return work_diary_answer{{},
                                           fetch_failure{fetch_failure::what::permanent,
                                                         "graphql: [ExecutionAborted: x]", failure_code::upwork_error,
                                                         "denied"}};
                if (q.contract_id == "stuck") { // Upwork never answers for this one
                  s->held.push_back(self->make_response_promise());
                  return caf::delegated<work_diary_answer>{};
                }
                return work_diary_answer{{{q.day * 86400, false}}, std::nullopt};
              },
              [s](const organization_query& q) {
                ++s->organization_queries;
                organization_answer a;
                if (s->organization_failure)
                  a.failure = s->organization_failure;
                else
                  a.snapshot = upwork::organization_snapshot{q.organization_id, "1", "Org", upwork::org_kind::agency,
                                                             std::nullopt,      {},  {}};
                return a;
              }};
    });
    auto writer = sys.spawn([s](caf::event_based_actor*) -> caf::behavior {
      return {[s](atom::write, const sw::sync_batch&) {
        ++s->batches;
        return sw::batch_result{};
      }};
    });
    auto store = sys.spawn([s](caf::event_based_actor*) -> caf::behavior {
      return {[s](atom::totals, storage::db_id, const std::vector<std::string>&, day_number) {
                ++s->resume_reads;
                return s->resume;
              },
              [s](atom::synced, storage::db_id, const std::string&) { ++s->synced_marks; },
              [s](const contract_health_changes& c) {
                s->health.insert(s->health.end(), c.changes.begin(), c.changes.end());
              },
              [s](atom::refresh, const organization_refresh& r) {
                ++(r.snapshot ? s->refreshes_saved : s->refreshes_failed);
                return refresh_saved{{r.organization_id, "other-org"}};
              },
              [s](atom::load, storage::db_id, const std::string&) {
                ++s->plan_loads;
                return plan_of(s->plan_after_refresh);
              }};
    });
    supervisor = sys.spawn([s](caf::event_based_actor*) -> caf::behavior {
      return {[s](atom::reauth, storage::db_id connection) { s->reauth.push_back(connection); },
              [s](atom::reload, storage::db_id, const std::string& org) { s->supervisor_reloads.push_back(org); }};
    });
    auto settings = std::make_shared<engine_settings>();
    settings->import_days = 10;
    settings->diary_batch = 1; // day by day: these tests count the days read (batching: organization_diaries_test)
    settings->cycle_interval = std::chrono::minutes(5);
    settings->refresh_interval = std::chrono::hours(1);
    settings->clock = fixed_clock(start_of_day(today) + 12 * 3600); // noon
    peers = {fetcher, writer, store, supervisor};
    org = upsync::testing::organization_stand_ins{supervisor, fetcher, store, writer}.spawn(sys, "org", settings);
    sched.run();
  }

  ~organization_actor_test() override {
    caf::anon_send_exit(org, caf::exit_reason::user_shutdown);
    for (auto& p : peers)
      caf::anon_send_exit(p, caf::exit_reason::user_shutdown);
    sched.run();
  }

  /// The organization (never refreshed) with these contracts syncing.
  static engine_plan plan_of(const std::vector<std::string>& contracts) {
    engine_plan plan;
    for (const auto& id : contracts)
      plan.contracts.push_back({1, 9, "org", "agency", id, 7, 3, "USD", {}});
    plan.organizations.push_back({1, 9, "org", "agency", std::nullopt});
    return plan;
  }

  void load(std::vector<std::string> contracts) {
    caf::anon_send(org, atom::reload_v, plan_of(contracts));
    sched.run();
  }

  caf::actor_system_config cfg;
  caf::actor_system sys;
  caf::scheduler::test_coordinator& sched;
  std::shared_ptr<script> sc = std::make_shared<script>();
  std::vector<caf::actor> peers;
  caf::actor supervisor;
  organization_actor org;
};

} // namespace

TEST_F(organization_actor_test, one_time_report_covers_every_contract_and_only_changed_days_are_fetched) {
  sc->totals = {{"c1", {{today - 1, 600}, {today, 600}}}, {"c2", {{today - 2, 1200}}}};
  load({"c1", "c2"});
  EXPECT_EQ(sc->time_reports, 1);
  EXPECT_EQ(sc->windows.back().first, today - 9); // the import window first
  EXPECT_EQ(sc->diaries, 3);
  EXPECT_EQ(sc->batches, 2); // a contract's changed days go to the writer together
  EXPECT_EQ(sc->synced_marks, 1);
}

TEST_F(organization_actor_test, the_next_cycle_comes_after_the_interval_and_rereads_two_weeks_at_most) {
  sc->totals = {{"c1", {{today, 600}}}};
  load({"c1"});
  ASSERT_EQ(sc->time_reports, 1);
  sched.advance_time(std::chrono::minutes(4));
  sched.run();
  EXPECT_EQ(sc->time_reports, 1); // not before the interval
  sched.advance_time(std::chrono::minutes(1));
  sched.run();
  ASSERT_EQ(sc->time_reports, 2);
  EXPECT_EQ(sc->windows.back(), reread_window(today));
  EXPECT_EQ(sc->diaries, 1); // nothing changed: one request for the whole organization
}

TEST_F(organization_actor_test, a_failed_report_is_retried_sooner_than_the_interval) {
  sc->report_failure = fetch_failure{fetch_failure::what::retry_later, "503"};
  load({"c1"});
  ASSERT_EQ(sc->time_reports, 1);
  sc->report_failure.reset();
  sched.advance_time(std::chrono::seconds(3));
  sched.run();
  EXPECT_EQ(sc->time_reports, 2);
  EXPECT_EQ(sc->synced_marks, 1);
}

TEST_F(organization_actor_test, a_lost_grant_goes_to_the_supervisor_and_cycling_stops) {
  sc->report_failure = fetch_failure{fetch_failure::what::needs_reauth, "invalid_grant"};
  load({"c1"});
  EXPECT_EQ(sc->reauth, (std::vector<storage::db_id>{9}));
  sched.advance_time(std::chrono::hours(1));
  sched.run();
  EXPECT_EQ(sc->time_reports, 1);
}

TEST_F(organization_actor_test, a_contract_stopped_during_a_cycle_does_not_hold_the_cycle_up) {
  sc->totals = {{"c1", {{today, 600}}}, {"stuck", {{today, 600}}}};
  load({"c1", "stuck"});
  EXPECT_EQ(sc->synced_marks, 0); // waits for "stuck"
  load({"c1"});                   // its sync switched off (or it was paused) meanwhile
  // The held-up cycle ends, and the reload's own cycle runs for c1 alone.
  EXPECT_EQ(sc->synced_marks, 2);
  EXPECT_EQ(sc->reported_contracts.back(), (std::vector<std::string>{"c1"}));
  sched.advance_time(std::chrono::minutes(5));
  sched.run();
  EXPECT_EQ(sc->synced_marks, 3); // and the cycles go on
  sc->held.clear();
}

// ---- refresh from Upwork (F5) ----------------------------------------------------------------

TEST_F(organization_actor_test, a_refresh_is_written_then_the_plans_reload_and_apply_at_once) {
  load({"c1", "c2"});
  ASSERT_EQ(sc->time_reports, 1);
  // Upwork now shows c2 paused and a new contract c3 (the store's plan after the write).
  sc->plan_after_refresh = {"c1", "c3"};
  caf::anon_send(org, atom::refresh_v);
  sched.run();
  EXPECT_EQ(sc->organization_queries, 1);
  EXPECT_EQ(sc->refreshes_saved, 1);
  EXPECT_EQ(sc->plan_loads, 1);
  // Another organization whose rows changed is reloaded by the supervisor.
  EXPECT_EQ(sc->supervisor_reloads, (std::vector<std::string>{"other-org"}));
  // The new plan applies at once: a cycle for c1 and c3, c2 stopped; c3 starts with its import.
  ASSERT_EQ(sc->time_reports, 2);
  EXPECT_EQ(sc->reported_contracts.back(), (std::vector<std::string>{"c1", "c3"}));
  EXPECT_EQ(sc->windows.back().first, today - 9);
}

TEST_F(organization_actor_test, refresh_requests_while_one_runs_join_it) {
  load({"c1"});
  sc->plan_after_refresh = {"c1"};
  caf::anon_send(org, atom::refresh_v);
  caf::anon_send(org, atom::refresh_v);
  caf::anon_send(org, atom::refresh_v);
  sched.run();
  EXPECT_EQ(sc->organization_queries, 1);
  EXPECT_EQ(sc->refreshes_saved, 1);
  // Once it ended, a new request reads Upwork again.
  caf::anon_send(org, atom::refresh_v);
  sched.run();
  EXPECT_EQ(sc->organization_queries, 2);
}

TEST_F(organization_actor_test, a_failed_refresh_is_written_as_failed_and_the_plans_stay) {
  load({"c1"});
  sc->organization_failure = fetch_failure{fetch_failure::what::retry_later, "503"};
  caf::anon_send(org, atom::refresh_v);
  sched.run();
  EXPECT_EQ(sc->organization_queries, 1);
  EXPECT_EQ(sc->refreshes_failed, 1);
  EXPECT_EQ(sc->refreshes_saved, 0);
  EXPECT_EQ(sc->plan_loads, 0);
  EXPECT_TRUE(sc->reauth.empty());
  // Not stuck: the next request runs.
  sc->organization_failure.reset();
  caf::anon_send(org, atom::refresh_v);
  sched.run();
  EXPECT_EQ(sc->refreshes_saved, 1);
}

TEST_F(organization_actor_test, a_lost_grant_during_a_refresh_pauses_the_organization) {
  load({"c1"});
  sc->organization_failure = fetch_failure{fetch_failure::what::needs_reauth, "invalid_grant"};
  caf::anon_send(org, atom::refresh_v);
  sched.run();
  EXPECT_EQ(sc->refreshes_failed, 1);
  EXPECT_EQ(sc->reauth, (std::vector<storage::db_id>{9}));
  // Paused: no cycles and no background refreshes until re-authorized.
  sched.advance_time(std::chrono::hours(2));
  sched.run();
  EXPECT_EQ(sc->time_reports, 1);
  EXPECT_EQ(sc->organization_queries, 1);
}

TEST_F(organization_actor_test, the_background_refresh_runs_every_refresh_interval) {
  sc->plan_after_refresh = {"c1"};
  load({"c1"});
  sched.advance_time(std::chrono::minutes(59));
  sched.run();
  EXPECT_EQ(sc->organization_queries, 0);
  sched.advance_time(std::chrono::minutes(1));
  sched.run();
  EXPECT_EQ(sc->organization_queries, 1);
  // The next one an interval after that one ended, and on: a reload does not add timers.
  load({"c1"});
  sched.advance_time(std::chrono::hours(1));
  sched.run();
  EXPECT_EQ(sc->organization_queries, 2);
  EXPECT_EQ(sc->refreshes_saved, 2);
}

// ---- what each contract has synced, held by the organization ---------------------------------

TEST_F(organization_actor_test,
       the_first_cycle_reads_every_contracts_synced_totals_at_once_and_wakes_only_changed_ones) {
  // The contracts report to a metrics actor (as they do to the engine's), which records
  // what each says of its import.
  auto s = sc;
  auto accountant = sys.spawn([s](caf::event_based_actor*) -> caf::behavior {
    return {[](atom::announce, const caf::actor_addr&, const std::string&) {},
            [s](atom::report, const actor_report& r) {
              if (r.alive && !r.contract_id.empty())
                s->reported_import_states[r.contract_id] = std::string{r.import_state};
            }};
  });
  peers.push_back(accountant);
  sys.registry().put(metrics_actor_key, accountant);
  sc->resume.contracts["c1"] = contract_resume{{{today - 1, 600}}, true}; // imported, unchanged upstream
  sc->resume.contracts["c2"] = contract_resume{{{today - 2, 600}}, true}; // imported, Upwork now says more
  sc->totals = {{"c1", {{today - 1, 600}}}, {"c2", {{today - 2, 1200}}}};
  load({"c1", "c2"});
  EXPECT_EQ(sc->resume_reads, 1); // one read for the organization, not one per contract
  EXPECT_EQ(sc->diaries, 1);      // c2's changed day only
  EXPECT_EQ(sc->synced_marks, 1);

  // An idle cycle: no store read, no contract woken, no diary.
  sched.advance_time(std::chrono::minutes(5));
  sched.run();
  EXPECT_EQ(sc->time_reports, 2);
  EXPECT_EQ(sc->resume_reads, 1);
  EXPECT_EQ(sc->diaries, 1);
  EXPECT_EQ(sc->synced_marks, 2);

  // A day of c1 changes upstream: c1 reads it again; c2's day, synced last cycle, is not.
  sc->totals["c1"].set(today - 1, 1800);
  sched.advance_time(std::chrono::minutes(5));
  sched.run();
  EXPECT_EQ(sc->diaries, 2);

  // Both contracts report their import done, though c1 was never woken before.
  sched.advance_time(std::chrono::seconds(1)); // their next report
  sched.run();
  sys.registry().erase(metrics_actor_key);
  ASSERT_EQ(s->reported_import_states.size(), 2u);
  for (const auto& [contract, state] : s->reported_import_states)
    EXPECT_EQ(state, "done") << contract;
}

TEST_F(organization_actor_test, a_contract_that_joins_gets_the_import_window_and_its_state_from_postgresql) {
  sc->resume.contracts["c1"] = contract_resume{{}, true};
  load({"c1"});
  ASSERT_EQ(sc->resume_reads, 1);
  sched.advance_time(std::chrono::minutes(5));
  sched.run();
  EXPECT_EQ(sc->windows.back(), reread_window(today));
  // c2 joins (mapped, say) with a day of the import window already synced before.
  sc->resume.contracts["c2"] = contract_resume{{{today - 8, 600}}, false};
  sc->totals = {{"c2", {{today - 8, 600}, {today - 7, 600}}}};
  load({"c1", "c2"});
  EXPECT_EQ(sc->resume_reads, 2);
  EXPECT_EQ(sc->windows.back().first, today - 9); // the import window again
  EXPECT_EQ(sc->diaries, 1);                      // today - 7 only: today - 8 was synced
}

// ---- failures made visible (issue 16) ------------------------------------------------------------

TEST_F(organization_actor_test, a_failed_time_report_counts_for_every_contract_and_the_next_success_clears_it) {
  sc->report_failure = fetch_failure{fetch_failure::what::retry_later, "503", failure_code::unavailable, "busy"};
  load({"c1", "c2"});
  ASSERT_EQ(sc->health.size(), 2u);
  for (const auto& c : sc->health) {
    EXPECT_EQ(c.workspace_id, 1);
    EXPECT_EQ(c.failures_in_a_row, 1);
    EXPECT_EQ(c.code, "unavailable");
    EXPECT_EQ(c.message, "busy");
  }
  sc->health.clear();
  sc->report_failure.reset();
  sched.advance_time(std::chrono::seconds(3));
  sched.run();
  // Nothing to fetch is a success: each contract's recovery is written once.
  ASSERT_EQ(sc->health.size(), 2u);
  EXPECT_EQ(sc->health[0].failures_in_a_row, 0);
  EXPECT_EQ(sc->health[1].failures_in_a_row, 0);
  sc->health.clear();
  sched.advance_time(std::chrono::minutes(5));
  sched.run();
  EXPECT_TRUE(sc->health.empty()); // healthy cycles write nothing
}

TEST_F(organization_actor_test, one_contract_failing_counts_in_a_row_while_the_others_sync) {
  sc->failing_diaries = {"bad"};
  sc->totals = {{"good", {{today, 600}}}, {"bad", {{today, 600}}}};
  // What PostgreSQL says after a restart: "bad" failed twice already.
  sc->resume.contracts["bad"] = contract_resume{{}, true, 2};
  sc->resume.contracts["good"] = contract_resume{{{today, 600}}, true, 0}; // synced: nothing to do
  load({"good", "bad"});
  EXPECT_EQ(sc->batches, 0);
  ASSERT_EQ(sc->health.size(), 1u);
  EXPECT_EQ(sc->health[0].contract_id, "bad");
  EXPECT_EQ(sc->health[0].failures_in_a_row, 3);
  EXPECT_EQ(sc->health[0].code, "upwork_error");
  EXPECT_EQ(sc->health[0].message, "denied");
  sched.advance_time(std::chrono::seconds(3));
  sched.run();
  ASSERT_EQ(sc->health.size(), 2u);
  EXPECT_EQ(sc->health[1].failures_in_a_row, 4);
  // It stops failing: its day is fetched and its recovery written.
  sc->failing_diaries.clear();
  sched.advance_time(std::chrono::seconds(10));
  sched.run();
  ASSERT_EQ(sc->health.size(), 3u);
  EXPECT_EQ(sc->health[2].contract_id, "bad");
  EXPECT_EQ(sc->health[2].failures_in_a_row, 0);
  EXPECT_EQ(sc->batches, 1); // bad's day, at last
}
