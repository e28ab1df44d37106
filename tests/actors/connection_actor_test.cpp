// The CONNECTION actor on CAF's deterministic scheduler: it checks its grant on a timer
// (the provider refreshes before expiry) and hands a lost grant to the supervisor.
#include "actors/actors.hpp"

#include "tests/actors/deterministic_config.hpp"

#include <caf/all.hpp>
#include <gtest/gtest.h>

using namespace upsync;
using namespace upsync::sync;

namespace {

struct script {
  int checks = 0;
  std::optional<fetch_failure> failure;
  std::vector<storage::db_id> reauth;
};

class connection_actor_test : public ::testing::Test {
protected:
  connection_actor_test()
      : sys(upsync::testing::deterministic_config(cfg)),
        sched(dynamic_cast<caf::scheduler::test_coordinator&>(sys.scheduler())) {
    auto s = sc;
    fetcher = sys.spawn([s](caf::event_based_actor*) -> caf::behavior {
      return {[s](const token_check_query&) {
        ++s->checks;
        return token_check_answer{s->failure};
      }};
    });
    supervisor = sys.spawn([s](caf::event_based_actor*) -> caf::behavior {
      return {[s](atom::reauth, storage::db_id id) { s->reauth.push_back(id); }};
    });
    // The stand-ins answer only what these tests drive: untyped, cast to their interfaces.
    connection = spawn_connection_actor(sys, 4, caf::actor_cast<supervisor_actor>(supervisor),
                                        caf::actor_cast<fetcher_actor>(fetcher), nullptr, std::chrono::minutes(10));
    sched.run();
  }
  ~connection_actor_test() override {
    caf::anon_send_exit(connection, caf::exit_reason::user_shutdown);
    for (auto& a : {fetcher, supervisor})
      caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
    sched.run();
  }
  void minutes(int n) {
    sched.advance_time(std::chrono::minutes(n));
    sched.run();
  }

  caf::actor_system_config cfg;
  caf::actor_system sys;
  caf::scheduler::test_coordinator& sched;
  std::shared_ptr<script> sc = std::make_shared<script>();
  caf::actor fetcher, supervisor;
  connection_actor connection;
};

} // namespace

TEST_F(connection_actor_test, checks_its_grant_on_a_timer_even_when_nothing_syncs) {
  EXPECT_EQ(sc->checks, 0);
  minutes(10);
  EXPECT_EQ(sc->checks, 1);
  minutes(10);
  EXPECT_EQ(sc->checks, 2);
  EXPECT_TRUE(sc->reauth.empty());
}

TEST_F(connection_actor_test, a_refused_refresh_hands_the_connection_to_the_supervisor_once) {
  sc->failure = fetch_failure{fetch_failure::what::needs_reauth, "invalid_grant"};
  minutes(10);
  EXPECT_EQ(sc->reauth, (std::vector<storage::db_id>{4}));
  minutes(60);
  EXPECT_EQ(sc->checks, 1); // no more checks for a dead grant
}

TEST_F(connection_actor_test, a_passing_failure_only_waits_for_the_next_check) {
  sc->failure = fetch_failure{fetch_failure::what::retry_later, "503"};
  minutes(10);
  sc->failure.reset();
  minutes(10);
  EXPECT_EQ(sc->checks, 2);
  EXPECT_TRUE(sc->reauth.empty());
}
