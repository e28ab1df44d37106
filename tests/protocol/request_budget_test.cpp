// The shared token-bucket budget: rate, burst, pause, and threads sharing it.
#include "protocol/upwork/request_budget.hpp"

#include <gtest/gtest.h>
#include <thread>
#include <vector>

namespace upsync::upwork {
namespace {

using namespace std::chrono_literals;

TEST(request_budget, default_spaces_requests_at_eight_per_second) {
  auto clk = std::make_shared<manual_clock>();
  request_budget b{{}, clk};
  const auto start = clk->now();
  for (int i = 0; i < 9; ++i)
    b.acquire();
  // First immediately, then one every 125 ms.
  EXPECT_EQ(clk->now() - start, 1000ms);
  EXPECT_EQ(b.granted(), 9u);
}

TEST(request_budget, burst_goes_at_once_then_the_rate) {
  auto clk = std::make_shared<manual_clock>();
  request_budget b{{10.0, 5.0}, clk};
  for (int i = 0; i < 5; ++i)
    EXPECT_TRUE(b.try_acquire());
  EXPECT_FALSE(b.try_acquire());
  EXPECT_EQ(b.wait_time(), 100ms);
  clk->advance(100ms);
  EXPECT_TRUE(b.try_acquire());
}

TEST(request_budget, idle_time_refills_only_up_to_the_burst) {
  auto clk = std::make_shared<manual_clock>();
  request_budget b{{8.0, 2.0}, clk};
  clk->advance(10s);
  EXPECT_TRUE(b.try_acquire());
  EXPECT_TRUE(b.try_acquire());
  EXPECT_FALSE(b.try_acquire());
}

TEST(request_budget, pause_holds_everyone_back_without_a_burst_after) {
  auto clk = std::make_shared<manual_clock>();
  request_budget b{{8.0, 1.0}, clk};
  b.acquire();
  b.pause_for(2s);
  const auto start = clk->now();
  b.acquire();
  EXPECT_EQ(clk->now() - start, 2s);
  b.acquire();
  EXPECT_EQ(clk->now() - start, 2s + 125ms);
}

TEST(request_budget, counts_waits_pauses_and_the_tokens_available_now) {
  auto clk = std::make_shared<manual_clock>();
  request_budget b{{10.0, 3.0}, clk};
  EXPECT_EQ(b.available(), 3.0);
  b.acquire();
  b.acquire();
  EXPECT_EQ(b.available(), 1.0);
  b.acquire(); // the burst is spent, nobody waited yet
  EXPECT_EQ(b.totals().waits, 0u);
  b.acquire(); // waits one interval
  auto t = b.totals();
  EXPECT_EQ(t.granted, 4u);
  EXPECT_EQ(t.waits, 1u);
  EXPECT_NEAR(t.waited_seconds, 0.1, 1e-9);
  EXPECT_EQ(b.available(), 0.0);
  b.pause_for(1s);
  EXPECT_EQ(b.totals().pauses, 1u);
  clk->advance(10s);
  EXPECT_EQ(b.available(), 3.0);
}

TEST(request_budget, any_one_second_window_stays_under_ten) {
  // Real clock, four threads: the budget is the only thing pacing them.
  request_budget b{{40.0, 1.0}}; // 40/s so the test takes ~0.5 s
  std::vector<std::chrono::steady_clock::time_point> stamps;
  std::mutex m;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 5; ++i) {
        b.acquire();
        std::lock_guard lock{m};
        stamps.push_back(std::chrono::steady_clock::now());
      }
    });
  for (auto& t : threads)
    t.join();
  std::sort(stamps.begin(), stamps.end());
  ASSERT_EQ(stamps.size(), 20u);
  // 20 requests at 40/s with burst 1 need at least 19 intervals of 25 ms.
  EXPECT_GE(stamps.back() - stamps.front(), 19 * 25ms - 5ms);
  // No burst of everything at once: a 250 ms window holds about 10 (1 + 40 * 0.25); the
  // slack covers sleeps that overshoot on a loaded machine.
  for (std::size_t i = 0; i < stamps.size(); ++i) {
    std::size_t in_window = 0;
    for (std::size_t j = i; j < stamps.size() && stamps[j] - stamps[i] < 250ms; ++j)
      ++in_window;
    EXPECT_LE(in_window, 14u);
  }
}

} // namespace
} // namespace upsync::upwork

namespace upsync::upwork {
namespace {

using namespace std::chrono_literals;

TEST(adaptive_rate, a_429_halves_the_rate_once_per_storm) {
  auto clk = std::make_shared<manual_clock>();
  request_budget b{{8.0, 1.0}, clk};
  b.throttled();
  EXPECT_DOUBLE_EQ(b.current_rate(), 4.0);
  b.throttled(); // the other requests in flight answer 429 too: the same storm
  b.throttled();
  EXPECT_DOUBLE_EQ(b.current_rate(), 4.0);
  clk->advance(1s);
  b.throttled(); // still refused a second later: halve again
  EXPECT_DOUBLE_EQ(b.current_rate(), 2.0);
  EXPECT_EQ(b.totals().decreases, 2u);
  // The slots are now spaced by the lower rate.
  b.acquire();
  const auto start = clk->now();
  b.acquire();
  EXPECT_EQ(clk->now() - start, 500ms);
}

TEST(adaptive_rate, never_below_the_floor) {
  auto clk = std::make_shared<manual_clock>();
  request_budget b{{8.0, 1.0}, clk};
  for (int i = 0; i < 20; ++i) {
    b.throttled();
    clk->advance(2s);
  }
  EXPECT_DOUBLE_EQ(b.current_rate(), 0.5);
}

TEST(adaptive_rate, successes_bring_it_back_gradually_and_never_above_the_ceiling) {
  auto clk = std::make_shared<manual_clock>();
  budget_options o{8.0, 1.0};
  o.recovery_per_second = 1.0;
  request_budget b{o, clk};
  b.throttled();
  ASSERT_DOUBLE_EQ(b.current_rate(), 4.0);
  // One second of success at the lowered rate: about +1 request/s, not straight back to 8.
  for (int i = 0; i < 4; ++i)
    b.succeeded();
  EXPECT_GT(b.current_rate(), 4.8);
  EXPECT_LT(b.current_rate(), 5.1);
  for (int i = 0; i < 200; ++i)
    b.succeeded();
  EXPECT_DOUBLE_EQ(b.current_rate(), 8.0);
}

TEST(adaptive_rate, off_keeps_the_configured_rate) {
  auto clk = std::make_shared<manual_clock>();
  budget_options o{8.0, 1.0};
  o.adaptive = false;
  request_budget b{o, clk};
  b.throttled();
  EXPECT_DOUBLE_EQ(b.current_rate(), 8.0);
}

} // namespace
} // namespace upsync::upwork
