// The ORGANIZATION actor's cycle on CAF's deterministic scheduler: one time report for
// all its contracts, contracts fetch only what changed, the next cycle is scheduled after
// the interval (sooner after a failure), and a lost grant goes to the supervisor.
#include "actors/actors.hpp"
#include "actors/organization_actor.hpp"

#include <caf/all.hpp>
#include <gtest/gtest.h>

using namespace upsync;
using namespace upsync::sync;
namespace sw = upsync::storage::sync_writer;

namespace {

constexpr day_number today = 20682;

struct script {
  int time_reports = 0;
  std::vector<day_window> windows;
  int diaries = 0;
  int batches = 0;
  int synced_marks = 0;
  std::vector<storage::db_id> reauth;
  std::optional<fetch_failure> report_failure;
  std::map<std::string, std::map<day_number, std::int32_t>> totals;
};

class organization_actor_test : public ::testing::Test {
protected:
  organization_actor_test() : sys(testing_config(cfg)), sched(dynamic_cast<caf::scheduler::test_coordinator&>(sys.scheduler())) {
    auto s = sc;
    auto fetcher = sys.spawn([s](caf::event_based_actor*) -> caf::behavior {
      return {
        [s](const time_report_query& q) {
          ++s->time_reports;
          s->windows.push_back(q.window);
          time_report_answer a;
          if (s->report_failure)
            a.failure = s->report_failure;
          else
            a.totals = s->totals;
          return a;
        },
        [s](const work_diary_query& q) {
          ++s->diaries;
          return work_diary_answer{{{q.day * 86400, false}}, std::nullopt};
        }};
    });
    auto writer = sys.spawn([s](caf::event_based_actor*) -> caf::behavior {
      return {[s](atom::write, const sw::sync_batch&) {
        ++s->batches;
        return sw::batch_result{};
      }};
    });
    auto store = sys.spawn([s](caf::event_based_actor*) -> caf::behavior {
      return {[](atom::totals, storage::db_id, const std::string&, day_number) { return contract_resume{}; },
              [s](atom::synced, storage::db_id, const std::string&) { ++s->synced_marks; }};
    });
    supervisor = sys.spawn([s](caf::event_based_actor*) -> caf::behavior {
      return {[s](atom::reauth, storage::db_id connection) { s->reauth.push_back(connection); }};
    });
    auto settings = std::make_shared<engine_settings>();
    settings->import_days = 10;
    settings->cycle_interval = std::chrono::minutes(5);
    settings->today = [] { return today; };
    peers = {fetcher, writer, store, supervisor};
    org = spawn_organization_actor(sys, 1, "org", 9,
                                   organization_deps{supervisor, fetcher, store, {writer}, nullptr, settings});
    sched.run();
  }

  ~organization_actor_test() override {
    caf::anon_send_exit(org, caf::exit_reason::user_shutdown);
    for (auto& p : peers)
      caf::anon_send_exit(p, caf::exit_reason::user_shutdown);
    sched.run();
  }

  static caf::actor_system_config& testing_config(caf::actor_system_config& cfg) {
    cfg.set("scheduler.policy", caf::atom("testing"));
    cfg.add_message_types<caf::id_block::upsync>();
    return cfg;
  }

  void load(std::vector<std::string> contracts) {
    engine_plan plan;
    for (const auto& id : contracts)
      plan.contracts.push_back({1, 9, "org", "agency", id, 7, 3, "USD", {}});
    caf::anon_send(org, atom::reload_v, plan);
    sched.run();
  }

  caf::actor_system_config cfg;
  caf::actor_system sys;
  caf::scheduler::test_coordinator& sched;
  std::shared_ptr<script> sc = std::make_shared<script>();
  std::vector<caf::actor> peers;
  caf::actor supervisor, org;
};

} // namespace

TEST_F(organization_actor_test, one_time_report_covers_every_contract_and_only_changed_days_are_fetched) {
  sc->totals = {{"c1", {{today - 1, 600}, {today, 600}}}, {"c2", {{today - 2, 1200}}}};
  load({"c1", "c2"});
  EXPECT_EQ(sc->time_reports, 1);
  EXPECT_EQ(sc->windows.back().first, today - 9); // the import window first
  EXPECT_EQ(sc->diaries, 3);
  EXPECT_EQ(sc->batches, 3);
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
