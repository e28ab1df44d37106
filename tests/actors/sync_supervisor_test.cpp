// The SYNC SUPERVISOR on CAF's deterministic scheduler, its children replaced by stand-ins
// (supervisor_children): it keeps an actor for every selected organization, restarts one
// that failed from PostgreSQL state (a fresh load of that organization) after a backoff
// that doubles with each failure in a row (and starts over once it ran ten minutes healthy),
// and hands refresh requests to the organization's actor.
#include "actors/sync_supervisor.hpp"
#include "common/encoding.hpp"
#include "storage/secrets.hpp"

#include "tests/actors/deterministic_config.hpp"

#include <caf/all.hpp>
#include <gtest/gtest.h>

using namespace upsync;
using namespace upsync::sync;

namespace {

const std::string key_hex(64, 'a');

struct script {
  int full_loads = 0;
  int organization_loads = 0; ///< (load, ws, org): a restart reads PostgreSQL again
  int spawned = 0;
  int plans_received = 0;
  int refreshes = 0;
  std::vector<caf::actor> organizations;
  std::vector<std::shared_ptr<upwork::token_provider>> tokens_given; ///< per spawned organization
  engine_plan plan;
};

class sync_supervisor_test : public ::testing::Test {
protected:
  sync_supervisor_test()
      : sys(upsync::testing::deterministic_config(cfg)),
        sched(dynamic_cast<caf::scheduler::test_coordinator&>(sys.scheduler())) {
    // One grant (tokens sealed as the daemon stores them) and one selected organization.
    auto key = *storage::secret_key::from_hex(key_hex);
    auto aad = storage::connection_aad(9);
    sc->plan.connections.push_back(
      {9, 1, "active", storage::encrypt(key, "access", aad), storage::encrypt(key, "refresh", aad), std::nullopt});
    sc->plan.organizations.push_back({1, 9, "org", "agency", std::nullopt});

    auto settings = std::make_shared<engine_settings>();
    settings->secret_key_hex = key_hex;
    settings->writers = 1;
    settings->token_check_interval = std::chrono::hours(24);
    auto s = sc;
    supervisor_children children;
    // Stand-ins answer only what these tests drive, so they are untyped and cast to the
    // interface they stand in for.
    auto idle = [](caf::actor_system& sys) { return sys.spawn([] { return caf::behavior{[](int) {}}; }); };
    children.fetchers = [idle](caf::actor_system& sys) { return caf::actor_cast<fetcher_actor>(idle(sys)); };
    children.writer = [idle](caf::actor_system& sys) { return caf::actor_cast<writer_actor>(idle(sys)); };
    children.store = [s](caf::actor_system& sys) {
      return caf::actor_cast<store_actor>(sys.spawn([s]() -> caf::behavior {
        return {[s](atom::load) {
                  ++s->full_loads;
                  return s->plan;
                },
                [s](atom::load, storage::db_id, const std::string&) {
                  ++s->organization_loads;
                  return s->plan;
                }};
      }));
    };
    children.organization = [s](caf::actor_system& sys, storage::db_id, std::string, storage::db_id,
                                organization_deps deps) {
      ++s->spawned;
      s->tokens_given.push_back(deps.tokens);
      auto org = sys.spawn([s]() -> caf::behavior {
        return {[s](atom::reload, const engine_plan&) { ++s->plans_received; }, [s](atom::refresh) { ++s->refreshes; }};
      });
      s->organizations.push_back(org);
      return caf::actor_cast<organization_actor>(org);
    };
    supervisor = spawn_sync_supervisor(sys, settings, children);
    sched.run();
  }

  ~sync_supervisor_test() override {
    caf::anon_send_exit(supervisor, caf::exit_reason::user_shutdown);
    sched.run();
  }

  /// The organization's current actor fails.
  void crash_organization() {
    caf::anon_send_exit(sc->organizations.back(), caf::exit_reason::unhandled_exception);
    sched.run();
  }

  void advance(std::chrono::milliseconds d) {
    sched.advance_time(d);
    sched.run();
  }

  caf::actor_system_config cfg;
  caf::actor_system sys;
  caf::scheduler::test_coordinator& sched;
  std::shared_ptr<script> sc = std::make_shared<script>();
  supervisor_actor supervisor;
};

} // namespace

TEST_F(sync_supervisor_test, every_selected_organization_gets_an_actor_even_with_nothing_to_sync) {
  caf::anon_send(supervisor, atom::load_v);
  sched.run();
  EXPECT_EQ(sc->full_loads, 1);
  EXPECT_EQ(sc->spawned, 1);
  EXPECT_EQ(sc->plans_received, 1);
  // A refresh goes to it.
  caf::anon_send(supervisor, atom::refresh_v, storage::db_id{1}, std::string{"org"});
  sched.run();
  EXPECT_EQ(sc->refreshes, 1);
}

TEST_F(sync_supervisor_test, a_failed_organization_restarts_from_postgresql_after_a_growing_backoff) {
  caf::anon_send(supervisor, atom::load_v);
  sched.run();
  ASSERT_EQ(sc->spawned, 1);

  std::chrono::milliseconds expected_delay{1000};
  for (int failure = 1; failure <= 3; ++failure, expected_delay *= 2) {
    SCOPED_TRACE("failure " + std::to_string(failure));
    crash_organization();
    advance(expected_delay - std::chrono::milliseconds(1));
    EXPECT_EQ(sc->spawned, failure); // not yet: the backoff runs
    EXPECT_EQ(sc->organization_loads, failure - 1);
    advance(std::chrono::milliseconds(1));
    EXPECT_EQ(sc->organization_loads, failure); // its state read again from PostgreSQL...
    EXPECT_EQ(sc->spawned, failure + 1);        // ...and a new actor with it
    EXPECT_EQ(sc->plans_received, failure + 1);
  }
  // The restarted actor is the organization's actor now: requests reach it.
  caf::anon_send(supervisor, atom::refresh_v, storage::db_id{1}, std::string{"org"});
  sched.run();
  EXPECT_EQ(sc->refreshes, 1);
}

TEST_F(sync_supervisor_test, an_organization_healthy_for_ten_minutes_starts_its_backoff_over) {
  caf::anon_send(supervisor, atom::load_v);
  sched.run();
  // Three failures in a row earn a 4 s backoff...
  for (auto delay : {1000, 2000, 4000}) {
    crash_organization();
    advance(std::chrono::milliseconds(delay));
  }
  ASSERT_EQ(sc->spawned, 4);
  // ...a fourth one soon after would wait 8 s; after ten healthy minutes it waits 1 s again.
  advance(std::chrono::minutes(10));
  crash_organization();
  advance(std::chrono::milliseconds(999));
  EXPECT_EQ(sc->spawned, 4);
  advance(std::chrono::milliseconds(1));
  EXPECT_EQ(sc->spawned, 5);
  // And it grows again from there.
  crash_organization();
  advance(std::chrono::milliseconds(1999));
  EXPECT_EQ(sc->spawned, 5);
  advance(std::chrono::milliseconds(1));
  EXPECT_EQ(sc->spawned, 6);
}

TEST_F(sync_supervisor_test, a_deselected_organization_stops_and_is_not_restarted) {
  caf::anon_send(supervisor, atom::load_v);
  sched.run();
  ASSERT_EQ(sc->spawned, 1);
  sc->plan.organizations.clear(); // deselected in wizard step 1
  caf::anon_send(supervisor, atom::reload_v, storage::db_id{1}, std::string{"org"});
  sched.run();
  advance(std::chrono::minutes(5));
  EXPECT_EQ(sc->spawned, 1);
  EXPECT_EQ(sc->organization_loads, 1);
}

TEST_F(sync_supervisor_test, a_disconnected_grant_is_dropped_and_a_reauthorized_one_starts_with_its_new_tokens) {
  caf::anon_send(supervisor, atom::load_v);
  sched.run();
  ASSERT_EQ(sc->spawned, 1);
  auto connected = sc->plan;
  // Disconnected: a full load lists neither the connection nor its organizations.
  sc->plan.connections.clear();
  sc->plan.organizations.clear();
  caf::anon_send(supervisor, atom::load_v);
  sched.run();
  // Re-authorized: the same connection is active again with new tokens in PostgreSQL. The
  // old provider (and its connection actor) went with the disconnect, so the organization
  // gets a provider made from what is stored now, never the forgotten grant's.
  sc->plan = connected;
  caf::anon_send(supervisor, atom::load_v);
  sched.run();
  ASSERT_EQ(sc->spawned, 2);
  ASSERT_TRUE(sc->tokens_given[0] && sc->tokens_given[1]);
  EXPECT_NE(sc->tokens_given[0], sc->tokens_given[1]);
}
