// The CONTRACT actor's protocol on CAF's deterministic scheduler, with the fetcher and the
// writer played by scripted actors and the test holding the synced totals between cycles
// as the organization does: which days it fetches, that it advances only on the writer's
// ack, what it answers as synced, how a failure ends a cycle and is retried by the next.
#include "actors/actors.hpp"
#include "actors/contract_actor.hpp"

#include "tests/actors/deterministic_config.hpp"

#include <caf/all.hpp>
#include <gtest/gtest.h>

using namespace upsync;
using namespace upsync::sync;
using namespace upsync::domain;
namespace sw = upsync::storage::sync_writer;

namespace {

constexpr day_number d1 = 20680, d2 = 20681, d3 = 20682, d4 = 20683, d5 = 20684, d6 = 20685;

// What the scripted peers saw and what they should answer.
struct script {
  std::vector<day_number> fetched;
  std::vector<sw::sync_batch> written;
  std::vector<caf::response_promise> unacked; // writer replies held back until the test acks
  std::map<day_number, std::optional<fetch_failure>> fetch_fails;
  day_totals synced; // what the organization holds: the last answer's
  bool import_done = false;
  std::vector<contract_cycle_result> results;
};

std::vector<diary_cell> cells_of(day_number day, int n) {
  std::vector<diary_cell> out;
  for (int i = 0; i < n; ++i)
    out.push_back({day * 86400 + 3600 + i * 600, false});
  return out;
}

class contract_actor_test : public ::testing::Test {
protected:
  contract_actor_test()
      : sys(upsync::testing::deterministic_config(cfg)),
        sched(dynamic_cast<caf::scheduler::test_coordinator&>(sys.scheduler())) {
    auto s = std::make_shared<script>();
    sc = s;
    fetcher = sys.spawn([s](caf::event_based_actor*) -> caf::behavior {
      return {[s](const work_diary_query& q) {
        s->fetched.push_back(q.day);
        work_diary_answer a;
        if (auto it = s->fetch_fails.find(q.day); it != s->fetch_fails.end() && it->second)
          a.failure = it->second;
        else
          a.cells = cells_of(q.day, 3);
        return a;
      }};
    });
    writer = sys.spawn([s](caf::event_based_actor* self) -> caf::behavior {
      return {[s, self](atom::write, sw::sync_batch& b) -> caf::result<sw::batch_result> {
                s->written.push_back(b);
                s->unacked.push_back(self->make_response_promise());
                return caf::delegated<sw::batch_result>{};
              },
              // A promise is kept from inside its actor: the test asks the writer to commit ...
              [s](atom::flush) {
                auto pending = std::move(s->unacked);
                s->unacked.clear();
                for (auto& rp : pending)
                  rp.deliver(sw::batch_result{});
              },
              // ... or to fail.
              [s](atom::stop) {
                auto pending = std::move(s->unacked);
                s->unacked.clear();
                for (auto& rp : pending)
                  rp.deliver(caf::make_error(caf::sec::runtime_error, "database down"));
              }};
    });
    storage::engine_store::contract_plan plan{
      1, 1, "org", "agency", "c1", 7, 3, "USD", {{"upwork", 0, "30.00"}, {"pay", 0, "20.00"}}};
    auto settings = std::make_shared<engine_settings>();
    settings->days_in_flight = 4; // a window smaller than the cycles below
    // The stand-ins answer only what these tests drive: untyped, cast to their interfaces.
    contract = spawn_contract_actor(
      sys, plan,
      std::make_shared<const contract_deps>(contract_deps{caf::actor_cast<fetcher_actor>(fetcher),
                                                          caf::actor_cast<writer_actor>(writer), nullptr, settings}));
    sched.run();
  }

  ~contract_actor_test() override {
    caf::anon_send_exit(contract, caf::exit_reason::user_shutdown);
    for (auto& a : {fetcher, writer})
      caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
    sched.run();
  }

  // The deterministic scheduler: nothing runs until the test calls sched.run().

  void cycle(day_totals reported, day_window window = {d1, d3}) {
    auto s = sc;
    sys.spawn([s, c = contract, reported, window](caf::event_based_actor* self) {
      self->request(c, caf::infinite, atom::cycle_v, contract_cycle{reported, s->synced, window, s->import_done})
        .then([s](const contract_cycle_result& r) {
          s->results.push_back(r);
          s->synced = r.synced;
          s->import_done = r.import_done;
        });
    });
    sched.run();
  }

  void ack_all() {
    while (!sc->unacked.empty()) {
      caf::anon_send(writer, atom::flush_v);
      sched.run();
    }
  }

  caf::actor_system_config cfg;
  caf::actor_system sys;
  caf::scheduler::test_coordinator& sched;
  std::shared_ptr<script> sc;
  caf::actor fetcher, writer;
  contract_actor contract;
};

} // namespace

TEST_F(contract_actor_test, fetches_only_days_whose_totals_differ_and_advances_only_on_ack) {
  sc->synced = {{d1, 1800}};
  cycle({{d1, 1800}, {d2, 1800}, {d3, 600}});
  // d1 is already synced; d2 and d3 are fetched together (an import: newest first) and
  // handed to the writer as one batch — and the cycle ends only when the writer
  // acknowledges the commit.
  EXPECT_EQ(sc->fetched, (std::vector<day_number>{d3, d2}));
  ASSERT_EQ(sc->written.size(), 1u);
  EXPECT_EQ(sc->written[0].days.size(), 2u);
  EXPECT_TRUE(sc->results.empty());
  ack_all();
  ASSERT_EQ(sc->results.size(), 1u);
  EXPECT_TRUE(sc->results[0].complete);
  // Its answer: what is synced now, for the organization to hold until the next cycle.
  EXPECT_EQ(sc->results[0].synced, (day_totals{{d1, 1800}, {d2, 1800}, {d3, 600}}));
  EXPECT_TRUE(sc->results[0].import_done);
}

TEST_F(contract_actor_test, fetches_at_most_days_in_flight_days_before_the_writer_acknowledges) {
  cycle({{d1, 600}, {d2, 600}, {d3, 600}, {d4, 600}, {d5, 600}, {d6, 600}}, {d1, d6});
  // An import reads its newest days first: this week reaches the dashboard first.
  EXPECT_EQ(sc->fetched, (std::vector<day_number>{d6, d5, d4, d3}));
  ASSERT_EQ(sc->written.size(), 1u);
  // The window's cursor rows in the order read; the writer keeps the last: d3, 4 of 6.
  const auto& cursor = sc->written[0].cursors.back();
  EXPECT_EQ(cursor.synced_through_day, d3);
  EXPECT_EQ(cursor.days_done, 4);
  EXPECT_EQ(cursor.days_total, 6);
  EXPECT_EQ(cursor.import_state, "running");
  ack_all();
  EXPECT_EQ(sc->fetched, (std::vector<day_number>{d6, d5, d4, d3, d2, d1}));
  ASSERT_EQ(sc->written.size(), 2u);
  EXPECT_EQ(sc->written[1].cursors.back().import_state, "done");
  EXPECT_EQ(sc->written[1].cursors.back().days_done, 6);
  ASSERT_EQ(sc->results.size(), 1u);
  EXPECT_TRUE(sc->results[0].complete);
}

TEST_F(contract_actor_test, a_batch_carries_the_cells_the_day_total_the_rates_and_the_cursor) {
  cycle({{d2, 1800}});
  ASSERT_EQ(sc->written.size(), 1u);
  const auto& b = sc->written[0];
  ASSERT_EQ(b.cells.size(), 3u);
  EXPECT_EQ(b.cells[0].member_id, 7);
  EXPECT_EQ(b.cells[0].project_id, 3);
  EXPECT_EQ(b.cells[0].bill_rate, "30.00"); // agency: the Upwork rate is the bill rate
  EXPECT_EQ(b.cells[0].pay_rate, "20.00");
  ASSERT_EQ(b.days.size(), 1u);
  EXPECT_EQ(b.days[0].day, d2);
  EXPECT_EQ(b.days[0].reported_seconds, 1800);
  ASSERT_EQ(b.cursors.size(), 1u);
  EXPECT_EQ(b.cursors[0].import_state, "done"); // the import's last day
  ack_all();
}

TEST_F(contract_actor_test, a_reloaded_plan_with_an_override_prices_new_cells_from_its_day) {
  // The manager overrode the Upwork side from d2 and corrected the pay rate from d2 (issue
  // 16): the organization reloads the plan after the commit.
  storage::engine_store::contract_plan plan{
    1,
    1,
    "org",
    "agency",
    "c1",
    7,
    3,
    "USD",
    {{"upwork", 0, "30.00"}, {"upwork_override", d2, "35.00"}, {"pay", 0, "20.00"}, {"pay", d2, "25.00"}}};
  caf::anon_send(contract, atom::reload_v, plan);
  sched.run();
  cycle({{d1, 1800}, {d2, 1800}});
  ASSERT_EQ(sc->written.size(), 1u);
  std::map<day_number, std::pair<std::string, std::string>> by_day; // pay, bill
  for (const auto& c : sc->written[0].cells)
    by_day[c.cell_start / 86400] = {c.pay_rate.value_or(""), c.bill_rate.value_or("")};
  EXPECT_EQ(by_day[d1], (std::pair<std::string, std::string>{"20.00", "30.00"}));
  EXPECT_EQ(by_day[d2], (std::pair<std::string, std::string>{"25.00", "35.00"}));
  ack_all();
}

TEST_F(contract_actor_test, a_failed_fetch_ends_the_cycle_incomplete_and_the_next_cycle_retries_it) {
  sc->fetch_fails[d3] = fetch_failure{fetch_failure::what::retry_later, "503"};
  cycle({{d2, 600}, {d3, 600}});
  ASSERT_EQ(sc->results.size(), 1u);
  EXPECT_FALSE(sc->results[0].complete);
  // d2 was fetched beside d3 (an import reads d3 first) but is not written either: days are
  // committed in the order read.
  EXPECT_TRUE(sc->written.empty());
  sc->fetch_fails.clear();
  cycle({{d2, 600}, {d3, 600}});
  ack_all();
  EXPECT_EQ(sc->fetched, (std::vector<day_number>{d3, d2, d3, d2}));
  ASSERT_EQ(sc->results.size(), 2u);
  EXPECT_TRUE(sc->results[1].complete);
}

TEST_F(contract_actor_test, needs_reauth_is_reported_to_the_organization) {
  sc->fetch_fails[d1] = fetch_failure{fetch_failure::what::needs_reauth, "invalid_grant"};
  cycle({{d1, 600}});
  ASSERT_EQ(sc->results.size(), 1u);
  ASSERT_TRUE(sc->results[0].failure);
  EXPECT_EQ(sc->results[0].failure->kind, fetch_failure::what::needs_reauth);
}

TEST_F(contract_actor_test, a_failed_write_is_not_remembered_as_synced) {
  cycle({{d1, 600}});
  ASSERT_EQ(sc->unacked.size(), 1u);
  caf::anon_send(writer, atom::stop_v);
  sched.run();
  ASSERT_EQ(sc->results.size(), 1u);
  EXPECT_FALSE(sc->results[0].complete);
  EXPECT_TRUE(sc->results[0].synced.empty());
  cycle({{d1, 600}}); // the same day again: it was not committed
  EXPECT_EQ(sc->fetched, (std::vector<day_number>{d1, d1}));
  ack_all();
}

TEST_F(contract_actor_test, an_unchanged_day_costs_nothing_once_synced) {
  cycle({{d1, 600}});
  ack_all();
  cycle({{d1, 600}});
  EXPECT_EQ(sc->fetched.size(), 1u);
  ASSERT_EQ(sc->results.size(), 2u);
  EXPECT_TRUE(sc->results[1].complete);
}

TEST_F(contract_actor_test, an_import_already_done_is_not_reopened_and_a_committed_day_is_kept_after_a_failure) {
  sc->import_done = true;
  sc->fetch_fails[d3] = fetch_failure{fetch_failure::what::retry_later, "503"};
  cycle({{d2, 600}, {d3, 600}});
  ack_all();
  ASSERT_EQ(sc->results.size(), 1u);
  EXPECT_FALSE(sc->results[0].complete);
  // d2 was committed before d3 failed: it is answered as synced, so only d3 is read again.
  EXPECT_EQ(sc->results[0].synced, (day_totals{{d2, 600}}));
  ASSERT_EQ(sc->written.size(), 1u);
  EXPECT_EQ(sc->written[0].cursors[0].import_state, "done");
  sc->fetch_fails.clear();
  cycle({{d2, 600}, {d3, 600}});
  ack_all();
  EXPECT_EQ(sc->fetched, (std::vector<day_number>{d2, d3, d3}));
}
