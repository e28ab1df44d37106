// The METRICS actor and metered actors on CAF's deterministic scheduler: an actor counts
// every message it handles and the size of its own mailbox, reports them when asked, and
// its exit (with or without an error) keeps the counts monotonic.
#include "actors/metered_actor.hpp"
#include "actors/metrics_actor.hpp"

#include "tests/actors/deterministic_config.hpp"

#include <caf/all.hpp>
#include <gtest/gtest.h>

using namespace upsync;
using namespace upsync::sync;

namespace {

struct probe_state {
  int seen = 0;
  void describe(actor_report& r) const {
    r.workspace_id = 3;
    r.organization_id = "org-1";
    r.state = "seen-" + std::to_string(seen);
  }
  static inline const char* name = "probe";
};

caf::behavior probe(metered_actor<probe_state>* self) {
  return {[self](atom::tick) { ++self->state.seen; }};
}

class metrics_actor_test : public ::testing::Test {
protected:
  metrics_actor_test()
      : sys(upsync::testing::deterministic_config(cfg)),
        sched(dynamic_cast<caf::scheduler::test_coordinator&>(sys.scheduler())) {
    accountant = spawn_metrics_actor(sys, board, std::chrono::seconds(1));
    sched.run();
  }
  ~metrics_actor_test() override {
    sys.registry().erase(metrics_actor_key);
    caf::anon_send_exit(accountant, caf::exit_reason::user_shutdown);
    sched.run();
  }
  // One report round: the accountant asks, the actors answer, the next tick publishes.
  const metrics::kind_summary* probes() {
    for (int i = 0; i < 2; ++i) {
      sched.advance_time(std::chrono::seconds(1));
      sched.run();
    }
    latest = board->latest();
    if (!latest)
      return nullptr;
    for (const auto& k : latest->kinds)
      if (k.kind == "probe")
        return &k;
    return nullptr;
  }

  caf::actor_system_config cfg;
  caf::actor_system sys;
  caf::scheduler::test_coordinator& sched;
  std::shared_ptr<overview_board> board = std::make_shared<overview_board>();
  std::shared_ptr<const metrics::actor_overview> latest;
  sync::metrics_actor accountant;
};

} // namespace

TEST_F(metrics_actor_test, an_actor_reports_the_messages_it_handled_its_mailbox_and_what_it_is) {
  auto a = sys.spawn(probe);
  for (int i = 0; i < 5; ++i)
    caf::anon_send(a, atom::tick_v);
  // Five messages wait in its mailbox before it runs: the first one sees four behind it.
  sched.run();
  auto k = probes();
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->alive, 1u);
  EXPECT_GE(k->messages_handled, 5u);
  EXPECT_GE(k->mailbox_max, 4u);
  ASSERT_EQ(latest->actors.size(), 1u);
  EXPECT_EQ(latest->actors[0].workspace_id, 3);
  EXPECT_EQ(latest->actors[0].organization_id, "org-1");
  EXPECT_EQ(latest->actors[0].state, "seen-5");
  caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
  sched.run();
}

TEST_F(metrics_actor_test, an_exit_keeps_the_count_and_only_an_error_counts_as_a_failure) {
  auto calm = sys.spawn(probe);
  auto killed = sys.spawn(probe);
  for (int i = 0; i < 3; ++i)
    caf::anon_send(calm, atom::tick_v);
  sched.run();
  auto before = probes();
  ASSERT_NE(before, nullptr);
  auto handled = before->messages_handled;
  caf::anon_send_exit(calm, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(killed, caf::exit_reason::kill);
  sched.run();
  auto after = probes();
  ASSERT_NE(after, nullptr);
  EXPECT_EQ(after->alive, 0u);
  EXPECT_EQ(after->failures, 1u);
  EXPECT_GE(after->messages_handled, handled);
}

TEST_F(metrics_actor_test, without_a_metrics_actor_a_metered_actor_just_works) {
  sys.registry().erase(metrics_actor_key);
  auto a = sys.spawn(probe);
  caf::anon_send(a, atom::tick_v);
  sched.run();
  EXPECT_EQ(probes() == nullptr || probes()->alive == 0, true);
  caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
  sched.run();
}

TEST_F(metrics_actor_test, the_overview_counts_every_actor_but_keeps_only_the_busiest_of_a_workspace) {
  // Probe i handles i ticks: the busiest are the last ones spawned.
  const int n = static_cast<int>(metrics::actor_overview::busiest_kept) + 50;
  std::vector<caf::actor> all;
  for (int i = 0; i < n; ++i) {
    all.push_back(sys.spawn(probe));
    for (int t = 0; t < i; ++t)
      caf::anon_send(all.back(), atom::tick_v);
  }
  sched.run();
  auto k = probes();
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->alive, static_cast<std::uint64_t>(n)); // counted, all of them
  ASSERT_EQ(latest->actors.size(), metrics::actor_overview::busiest_kept);
  for (const auto& a : latest->actors) {
    auto seen = std::stoi(a.state.substr(std::string{"seen-"}.size()));
    EXPECT_GE(seen, 50) << "a less busy actor was kept over a busier one";
  }
  for (auto& a : all)
    caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
  sched.run();
}
