// The ORGANIZATION batches its contracts' diary reads (issue 19), on CAF's deterministic
// scheduler: the days of several contracts go out in one request, a batch that is not full
// waits for the linger only, and a day that failed fails only the contract it belongs to.
#include "actors/actors.hpp"
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
  std::map<std::string, day_totals> totals; ///< what the time report says
  std::vector<std::size_t> batch_sizes;     ///< days of each batched request
  std::vector<bool> batch_urgent;           ///< whether each came as a high-priority message
  std::vector<bool> report_urgent;          ///< the same for each time report
  int single_days = 0;                      ///< day-by-day requests (batching off)
  std::set<std::string> failing;            ///< contracts whose days fail
  std::map<std::string, int> days_written;  ///< contract -> days committed
  int synced_marks = 0;                     ///< complete cycles
};

class organization_diaries_test : public ::testing::Test {
protected:
  organization_diaries_test()
      : sys(upsync::testing::deterministic_config(cfg)),
        sched(dynamic_cast<caf::scheduler::test_coordinator&>(sys.scheduler())) {}

  void start(std::size_t diary_batch) {
    auto s = sc;
    auto fetcher = sys.spawn([s](caf::event_based_actor* self) -> caf::behavior {
      auto urgent = [self] { return self->current_mailbox_element()->mid.is_urgent_message(); };
      auto one_day = [s](const std::string& contract, day_number day) {
        work_diary_answer a;
        if (s->failing.count(contract))
          a.failure = fetch_failure{fetch_failure::what::retry_later, "graphql: [DataFetchingException] at d0"};
        else
          a.cells = {{day * 86400, false}};
        return a;
      };
      return {[s, urgent](const time_report_query&) {
                s->report_urgent.push_back(urgent());
                return time_report_answer{s->totals, std::nullopt};
              },
              [s, one_day, urgent](const work_diary_batch_query& q) {
                s->batch_sizes.push_back(q.days.size());
                s->batch_urgent.push_back(urgent());
                work_diary_batch_answer out;
                for (const auto& d : q.days)
                  out.answers.push_back(one_day(d.contract_id, d.day));
                return out;
              },
              [s, one_day](const work_diary_query& q) {
                ++s->single_days;
                return one_day(q.contract_id, q.day);
              }};
    });
    auto writer = sys.spawn([s](caf::event_based_actor*) -> caf::behavior {
      return {[s](atom::write, const sw::sync_batch& b) {
        for (const auto& d : b.days)
          ++s->days_written[d.contract_id];
        return sw::batch_result{};
      }};
    });
    auto store = sys.spawn([s](caf::event_based_actor*) -> caf::behavior {
      return {
        [](atom::totals, storage::db_id, const std::vector<std::string>&, day_number) { return organization_resume{}; },
        [s](atom::synced, storage::db_id, const std::string&) { ++s->synced_marks; },
        [](const contract_health_changes&) {}, [](const reported_day_changes&) {}};
    });
    auto supervisor =
      sys.spawn([](caf::event_based_actor*) -> caf::behavior { return {[](atom::reauth, storage::db_id) {}}; });
    auto settings = std::make_shared<engine_settings>();
    settings->import_days = 10;
    settings->diary_batch = diary_batch;
    settings->diary_linger = std::chrono::milliseconds(5);
    settings->refresh_interval = std::chrono::hours(24);
    settings->clock = fixed_clock(start_of_day(today) + 12 * 3600);
    peers = {fetcher, writer, store, supervisor};
    org = upsync::testing::organization_stand_ins{supervisor, fetcher, store, writer}.spawn(sys, "org", settings);
    sched.run();
  }

  ~organization_diaries_test() override {
    caf::anon_send_exit(org, caf::exit_reason::user_shutdown);
    for (auto& p : peers)
      caf::anon_send_exit(p, caf::exit_reason::user_shutdown);
    sched.run();
  }

  /// Loads the contracts and runs the first cycle to its end, lingers included.
  void cycle(const std::vector<std::string>& contracts) {
    engine_plan plan;
    for (const auto& id : contracts)
      plan.contracts.push_back({1, 9, "org", "agency", id, 7, 3, "USD", {}});
    plan.organizations.push_back({1, 9, "org", "agency", std::nullopt});
    caf::anon_send(org, atom::reload_v, plan);
    sched.run();
    sched.advance_time(std::chrono::milliseconds(5)); // a batch that is not full
    sched.run();
  }

  std::size_t days_asked() const {
    std::size_t n = 0;
    for (auto b : sc->batch_sizes)
      n += b;
    return n;
  }

  caf::actor_system_config cfg;
  caf::actor_system sys;
  caf::scheduler::test_coordinator& sched;
  std::shared_ptr<script> sc = std::make_shared<script>();
  std::vector<caf::actor> peers;
  organization_actor org;
};

} // namespace

TEST_F(organization_diaries_test, days_of_several_contracts_go_out_in_one_request) {
  sc->totals = {
    {"c1", {{today - 1, 600}, {today, 600}}}, {"c2", {{today - 3, 600}, {today - 2, 600}}}, {"c3", {{today, 1200}}}};
  start(4);
  cycle({"c1", "c2", "c3"});
  EXPECT_EQ(days_asked(), 5u);
  ASSERT_EQ(sc->batch_sizes.size(), 2u) << "four days in the first request, the fifth after the linger";
  EXPECT_EQ(sc->batch_sizes.front(), 4u);
  EXPECT_EQ(sc->single_days, 0);
  EXPECT_EQ(sc->days_written["c1"], 2);
  EXPECT_EQ(sc->days_written["c2"], 2);
  EXPECT_EQ(sc->days_written["c3"], 1);
  EXPECT_EQ(sc->synced_marks, 1) << "the cycle completed";
}

TEST_F(organization_diaries_test, a_batch_that_is_not_full_waits_only_for_the_linger) {
  sc->totals = {{"c1", {{today, 600}}}};
  start(10);
  engine_plan plan;
  plan.contracts.push_back({1, 9, "org", "agency", "c1", 7, 3, "USD", {}});
  plan.organizations.push_back({1, 9, "org", "agency", std::nullopt});
  caf::anon_send(org, atom::reload_v, plan);
  sched.run();
  EXPECT_TRUE(sc->batch_sizes.empty()) << "not sent before its linger";
  sched.advance_time(std::chrono::milliseconds(5));
  sched.run();
  ASSERT_EQ(sc->batch_sizes.size(), 1u);
  EXPECT_EQ(sc->days_written["c1"], 1);
}

TEST_F(organization_diaries_test, a_failed_day_fails_only_its_own_contract) {
  sc->totals = {{"c1", {{today, 600}}}, {"c2", {{today, 600}}}, {"c3", {{today, 600}}}};
  sc->failing = {"c2"};
  start(10);
  cycle({"c1", "c2", "c3"});
  ASSERT_EQ(sc->batch_sizes.size(), 1u);
  EXPECT_EQ(sc->days_written["c1"], 1);
  EXPECT_EQ(sc->days_written.count("c2"), 0u) << "nothing of a failed day is written";
  EXPECT_EQ(sc->days_written["c3"], 1);
  EXPECT_EQ(sc->synced_marks, 0) << "the cycle is incomplete: c2 is read again soon";
}

TEST_F(organization_diaries_test, batching_off_reads_day_by_day) {
  sc->totals = {{"c1", {{today - 1, 600}, {today, 600}}}};
  start(1);
  cycle({"c1"});
  EXPECT_TRUE(sc->batch_sizes.empty());
  EXPECT_EQ(sc->single_days, 2);
  EXPECT_EQ(sc->days_written["c1"], 2);
}

// Issue 19: a re-read of a day that changed goes ahead of the imports queued in the fetcher
// pool (a high-priority message); the import itself waits its turn.
TEST_F(organization_diaries_test, re_reads_go_to_the_fetchers_ahead_of_imports) {
  sc->totals = {{"c1", {{today - 1, 600}, {today, 600}}}};
  start(10);
  cycle({"c1"});
  ASSERT_EQ(sc->batch_urgent, std::vector<bool>{false}) << "the import's batch";
  ASSERT_EQ(sc->report_urgent, std::vector<bool>{false}) << "the import's time report";
  sc->totals["c1"].set(today, 1200); // more time today: a re-read
  caf::anon_send(org, atom::tick_v);
  sched.run();
  sched.advance_time(std::chrono::milliseconds(5));
  sched.run();
  EXPECT_EQ(sc->report_urgent, (std::vector<bool>{false, true}));
  EXPECT_EQ(sc->batch_urgent, (std::vector<bool>{false, true}));
  EXPECT_EQ(sc->batch_sizes.back(), 1u) << "only the day that changed";
  EXPECT_EQ(sc->days_written["c1"], 3);
}
