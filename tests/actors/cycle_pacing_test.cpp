// Issue 19's acceptance for the daily budget, on CAF's deterministic scheduler: 1,000
// organization actors share a daily budget sized for a quarter of their cycles at the
// configured interval. Over a whole simulated UTC day, with a restart at noon (new actors,
// a new budget object, the same ledger): every organization keeps cycling, the longest gap
// between two cycles of one organization stays within 1.5x of the mean, and the day's
// requests never pass the budget.
#include "actors/actors.hpp"
#include "actors/cycle_pacer.hpp"
#include "actors/organization_actor.hpp"
#include "protocol/upwork/daily_budget.hpp"

#include "tests/actors/deterministic_config.hpp"
#include "tests/actors/organization_stand_ins.hpp"
#include "tests/support/memory_request_ledger.hpp"

#include <caf/all.hpp>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

using namespace upsync;
using namespace upsync::sync;
using namespace std::chrono_literals;
namespace sw = upsync::storage::sync_writer;

namespace {

constexpr domain::day_number day = 20682;
constexpr int organizations = 1000;
constexpr std::int64_t configured_seconds = 300;
// A quarter of what 1,000 organizations every 300 s would ask in a day (288,000).
constexpr std::int64_t daily_limit = organizations * (86400 / configured_seconds) / 4;

struct world {
  std::int64_t wall = domain::start_of_day(day); ///< Unix seconds: the engine's and the budget's clock
  std::shared_ptr<upsync::testing::memory_request_ledger> ledger =
    std::make_shared<upsync::testing::memory_request_ledger>();
  std::shared_ptr<upwork::daily_budget> budget;
  std::map<std::string, std::vector<std::int64_t>> cycles; ///< organization -> times its report was sent
  std::int64_t sent = 0, refused = 0;
};

class cycle_pacing_test : public ::testing::Test {
protected:
  cycle_pacing_test()
      : sys(upsync::testing::deterministic_config(cfg)),
        sched(dynamic_cast<caf::scheduler::test_coordinator&>(sys.scheduler())) {
    auto w = w_;
    // Each report is one Upwork request, taken from the day's budget as the client would.
    fetcher = sys.spawn([w](caf::event_based_actor*) -> caf::behavior {
      return {[w](const time_report_query& q) {
        time_report_answer a;
        if (!w->budget->take(q.purpose)) {
          ++w->refused;
          a.failure = fetch_failure{fetch_failure::what::retry_later, "budget spent", failure_code::rate_limited};
          return a;
        }
        ++w->sent;
        w->cycles[q.organization_id].push_back(w->wall);
        return a; // nothing worked: no contract-day to read
      }};
    });
    store = sys.spawn([](caf::event_based_actor*) -> caf::behavior {
      return {[](atom::totals, storage::db_id, const std::vector<std::string>&, domain::day_number) {
                return organization_resume{};
              },
              [](atom::synced, storage::db_id, const std::string&) {}, [](const contract_health_changes&) {},
              [](const reported_day_changes&) {}};
    });
    writer = sys.spawn([](caf::event_based_actor*) -> caf::behavior {
      return {[](atom::write, const sw::sync_batch&) { return sw::batch_result{}; }};
    });
    supervisor =
      sys.spawn([](caf::event_based_actor*) -> caf::behavior { return {[](atom::reauth, storage::db_id) {}}; });
  }

  ~cycle_pacing_test() override {
    stop_organizations();
    for (auto& a : {fetcher, store, writer, supervisor})
      caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
    sched.run();
  }

  /// A process start: a new budget object over the same ledger, a new pacer, new actors.
  void start_organizations() {
    auto w = w_;
    w->budget = std::make_shared<upwork::daily_budget>(upwork::daily_budget::options{daily_limit, 10}, w->ledger,
                                                       [w] { return w->wall; });
    auto settings = std::make_shared<engine_settings>();
    settings->import_days = 1;
    settings->cycle_interval = std::chrono::seconds(configured_seconds);
    settings->refresh_interval = 48h;
    settings->clock = [w] { return w->wall; };
    settings->daily_budget = w->budget;
    settings->pacer = std::make_shared<cycle_pacer>(w->budget, settings->cycle_interval, settings->clock);
    pacer = settings->pacer;
    for (int i = 0; i < organizations; ++i) {
      auto id = "org-" + std::to_string(i);
      auto org = upsync::testing::organization_stand_ins{supervisor, fetcher, store, writer}.spawn(sys, id, settings);
      engine_plan plan;
      plan.contracts.push_back({1, 9, id, "agency", "c-" + std::to_string(i), 7, 3, "USD", {}});
      plan.organizations.push_back({1, 9, id, "agency", std::int64_t{w->wall}});
      caf::anon_send(org, atom::reload_v, plan);
      orgs.push_back(org);
    }
    sched.run();
  }

  void stop_organizations() {
    for (auto& o : orgs)
      caf::anon_send_exit(o, caf::exit_reason::user_shutdown);
    orgs.clear();
    sched.run();
  }

  /// Moves the world's clock and CAF's together, `step` at a time.
  void run_until(std::int64_t until, std::chrono::seconds step = 10s) {
    while (w_->wall + step.count() <= until) {
      w_->wall += step.count();
      sched.advance_time(step);
      sched.run();
    }
  }

  caf::actor_system_config cfg;
  caf::actor_system sys;
  caf::scheduler::test_coordinator& sched;
  std::shared_ptr<world> w_ = std::make_shared<world>();
  caf::actor fetcher, store, writer, supervisor;
  std::vector<organization_actor> orgs;
  std::shared_ptr<cycle_pacer> pacer;
};

} // namespace

TEST_F(cycle_pacing_test, a_budget_for_a_quarter_of_the_cycles_stretches_every_organization_alike) {
  auto midnight = domain::start_of_day(day + 1);
  start_organizations();
  run_until(domain::start_of_day(day) + 12 * 3600);
  auto morning_interval = pacer->next_interval();
  EXPECT_GE(morning_interval, std::chrono::seconds(4 * configured_seconds - 60))
    << "a quarter of the budget: about four times the configured interval";
  stop_organizations(); // the restart at noon
  start_organizations();
  run_until(midnight - 10);

  const auto& w = *w_;
  EXPECT_LE(w.ledger->days.at(day), daily_limit) << "the day's requests never pass the budget";
  EXPECT_LE(w.sent, daily_limit);
  ASSERT_EQ(w.cycles.size(), static_cast<std::size_t>(organizations)) << "every organization got cycles";
  double gaps = 0;
  std::size_t count = 0;
  std::int64_t longest = 0;
  std::size_t fewest = SIZE_MAX;
  for (const auto& [org, times] : w.cycles) {
    fewest = std::min(fewest, times.size());
    for (std::size_t i = 1; i < times.size(); ++i) {
      gaps += static_cast<double>(times[i] - times[i - 1]);
      ++count;
      longest = std::max(longest, times[i] - times[i - 1]);
    }
  }
  ASSERT_GT(count, 0u);
  const double mean = gaps / static_cast<double>(count);
  EXPECT_GE(fewest, 40u) << "each organization cycles through the whole day (about 70 times)";
  EXPECT_LE(static_cast<double>(longest), 1.5 * mean) << "longest gap " << longest << " s, mean " << mean << " s";
  // The budget was used, not hoarded: most of what re-reads may take went to cycles.
  EXPECT_GE(w.sent, daily_limit * 9 / 10);
  std::cout << "cycle pacing: " << w.sent << " requests of " << daily_limit << ", " << w.refused
            << " refused, mean gap " << mean << " s, longest " << longest << " s, fewest cycles " << fewest << "\n";
}
