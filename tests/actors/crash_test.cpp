// Crash test: upsyncd is SIGKILLed during a large import and PostgreSQL restarted under it; the end state equals the
// truth.
#include "tests/actors/sync_seed.hpp"
#include "tests/actors/sync_under_faults.hpp"
#include "tests/support/pg_cluster.hpp"
#include "tests/support/process.hpp"

#include <chrono>
#include <csignal>
#include <gtest/gtest.h>
#include <random>
#include <thread>

using upsync::testing::eventually;
using upsync::testing::pg_cluster;

namespace {

constexpr int kills_wanted = 20;
constexpr int pg_restart_round = 6; // PostgreSQL restarts in the round after this many kills
constexpr int max_rounds = 40;      // kills that miss the import do not count; give up after this many

using clock_type = std::chrono::steady_clock;

} // namespace

class engine_crash_test : public upsync::testing::sync_under_faults {};

TEST_F(engine_crash_test, sigkills_and_a_postgres_restart_during_the_import_lose_and_duplicate_nothing) {
  if (near_midnight(300))
    GTEST_SKIP() << "too close to midnight UTC: the daemon's today would move while the simulator's is frozen";

  auto started = clock_type::now();
  const long long truth = truth_cells();
  ASSERT_GT(truth, 2000) << "the import should be large";
  std::mt19937 rng{20240611};
  // Two kinds of moment: any time after start (startup, the time report, the first
  // fetches), and just after commits have begun (batches in flight, COMMIT under way).
  std::uniform_int_distribution<int> after_start_ms{50, 800};
  std::uniform_int_distribution<int> after_progress_ms{0, 250};

  int kills_mid_import = 0, rounds = 0;
  bool pg_restarted = false;
  long long before = 0;
  while (kills_mid_import < kills_wanted && rounds < max_rounds) {
    ++rounds;
    auto daemon = start_daemon();
    if (kills_mid_import == pg_restart_round && !pg_restarted) {
      // PostgreSQL goes away under a running import; the same daemon must carry on alone.
      ASSERT_TRUE(eventually([&] { return ledger_cells() > before; }, std::chrono::seconds(60)))
        << "no progress before the PostgreSQL restart";
      auto at_restart = ledger_cells();
      pg_cluster::shared().restart();
      pg_restarted = true;
      ASSERT_TRUE(eventually([&] { return ledger_cells() > at_restart; }, std::chrono::seconds(60)))
        << "the daemon did not resume writing after PostgreSQL came back";
    }
    const char* moment = "after start";
    if (rounds % 2 == 0) {
      moment = "after progress";
      EXPECT_TRUE(eventually([&] { return ledger_cells() > before; }, std::chrono::seconds(60)))
        << "round " << rounds << " made no progress";
    }
    int delay = rounds % 2 == 0 ? after_progress_ms(rng) : after_start_ms(rng);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay)); // the random moment
    EXPECT_EQ(daemon->stop(SIGKILL), 128 + SIGKILL);
    auto now = ledger_cells();
    bool mid_import = now < truth;
    kills_mid_import += mid_import;
    std::printf("round %d: killed %d ms %s, %s, ledger %lld of %lld cells\n", rounds, delay, moment,
                mid_import ? "mid-import" : "after the import", now, truth);
    before = now;
  }
  EXPECT_TRUE(pg_restarted);
  EXPECT_GE(kills_mid_import, kills_wanted) << "the import finished too early; make it larger";

  // The last run finishes the import and one more cycle, then stops cleanly.
  finish_calmly();

  expect_truth();

  auto took = std::chrono::duration_cast<std::chrono::seconds>(clock_type::now() - started).count();
  std::printf("%d rounds, %d kills mid-import, PostgreSQL restarted %s, %lld cells, %llds\n", rounds, kills_mid_import,
              pg_restarted ? "once" : "never", truth, static_cast<long long>(took));
}
