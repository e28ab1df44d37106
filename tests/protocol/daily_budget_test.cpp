// Upwork's daily request budget as one node spends it (issue 19), over an in-memory ledger
// that stands for PostgreSQL: blocks reserved, purposes refused in order as the day runs
// out, a new day, a restart that cannot spend more, and a ledger that cannot be reached.
#include "protocol/upwork/daily_budget.hpp"
#include "protocol/upwork/request_budget.hpp"
#include "tests/support/memory_request_ledger.hpp"

#include <gtest/gtest.h>

namespace upsync::upwork {
namespace {

using memory_ledger = upsync::testing::memory_request_ledger;

constexpr std::int64_t day0 = 20682;

struct daily_budget_test : ::testing::Test {
  std::shared_ptr<memory_ledger> ledger = std::make_shared<memory_ledger>();
  std::int64_t now = day0 * 86400 + 6 * 3600; // 06:00 UTC
  daily_budget make(std::int64_t limit, std::int64_t block = 10) {
    return daily_budget{{limit, block}, ledger, [this] { return now; }};
  }
};

TEST_F(daily_budget_test, requests_are_reserved_in_blocks) {
  auto b = make(1000, 10);
  for (int i = 0; i < 25; ++i)
    ASSERT_TRUE(b.take(request_purpose::reread));
  EXPECT_EQ(ledger->reservations, 3) << "25 requests, blocks of 10";
  EXPECT_EQ(ledger->days[day0], 30);
  auto s = b.today();
  EXPECT_EQ(s.used, 25) << "the unspent part of the block is not used";
  EXPECT_EQ(s.remaining, 975);
  EXPECT_EQ(s.sent, 25);
  EXPECT_DOUBLE_EQ(s.projected, 100.0) << "25 in the first quarter of the day";
}

TEST_F(daily_budget_test, as_the_day_runs_out_the_later_purposes_are_refused_first) {
  auto b = make(1000, 10);
  // Refreshes may use up to 90 %, imports 95 %, re-reads 99 %, token refreshes all.
  int refreshes = 0, imports = 0, rereads = 0, tokens = 0;
  while (b.take(request_purpose::refresh))
    ++refreshes;
  while (b.take(request_purpose::import))
    ++imports;
  while (b.take(request_purpose::reread))
    ++rereads;
  while (b.take(request_purpose::token))
    ++tokens;
  EXPECT_EQ(refreshes, 900);
  EXPECT_EQ(imports, 50);
  EXPECT_EQ(rereads, 40);
  EXPECT_EQ(tokens, 10);
  EXPECT_EQ(ledger->days[day0], 1000) << "never beyond the day's budget";
  EXPECT_FALSE(b.take(request_purpose::token));
  EXPECT_GT(b.today().refused, 0);
}

TEST_F(daily_budget_test, a_new_utc_day_brings_a_new_budget) {
  auto b = make(20, 10);
  while (b.take(request_purpose::reread)) {
  }
  now = (day0 + 1) * 86400; // midnight UTC
  EXPECT_TRUE(b.take(request_purpose::reread));
  EXPECT_EQ(b.today().used, 1);
  EXPECT_EQ(ledger->days[day0 + 1], 10);
}

TEST_F(daily_budget_test, a_restart_does_not_reset_the_count) {
  {
    auto b = make(100, 10);
    for (int i = 0; i < 95; ++i)
      ASSERT_TRUE(b.take(request_purpose::token));
  } // a crash: 5 of the last block were never sent
  auto again = make(100, 10);
  int more = 0;
  while (again.take(request_purpose::token))
    ++more;
  EXPECT_EQ(more, 0) << "the ledger says the day is spent (the lost 5 stay spent)";
  EXPECT_EQ(ledger->days[day0], 100);
}

TEST_F(daily_budget_test, two_nodes_share_one_day) {
  auto a = make(100, 10), b = make(100, 10);
  int sent = 0;
  for (int i = 0; i < 200; ++i)
    sent += (i % 2 ? a : b).take(request_purpose::token);
  EXPECT_EQ(sent, 100);
}

TEST_F(daily_budget_test, an_unreachable_ledger_refuses_all_but_token_refreshes) {
  auto b = make(100, 10);
  ledger->down = true;
  EXPECT_FALSE(b.take(request_purpose::reread));
  EXPECT_FALSE(b.take(request_purpose::import));
  EXPECT_TRUE(b.take(request_purpose::token)) << "a lost grant needs a person: the refresh goes";
}

TEST_F(daily_budget_test, no_limit_means_no_daily_budget) {
  auto b = make(0);
  for (int i = 0; i < 1000; ++i)
    ASSERT_TRUE(b.take(request_purpose::refresh));
  EXPECT_EQ(ledger->reservations, 0);
}

TEST_F(daily_budget_test, the_request_budget_refuses_at_once_when_the_day_is_spent) {
  auto daily = std::make_shared<daily_budget>(daily_budget::options{5, 5}, ledger, [this] { return now; });
  auto clk = std::make_shared<manual_clock>();
  request_budget rate{{8.0, 1.0}, clk};
  rate.set_daily(daily);
  for (int i = 0; i < 5; ++i)
    ASSERT_TRUE(rate.acquire(request_purpose::token));
  auto before = clk->now();
  EXPECT_FALSE(rate.acquire(request_purpose::token));
  EXPECT_EQ(clk->now(), before) << "refused without waiting for a rate slot";
  EXPECT_EQ(rate.granted(), 5u);
}

} // namespace
} // namespace upsync::upwork
