// A connection's request tally (issue 19): counts by UTC day, handed out once, handed out
// again after a failed save, and a count of "today" that starts over at midnight.
#include "protocol/upwork/request_tally.hpp"

#include <gtest/gtest.h>

namespace upsync::upwork {
namespace {

constexpr std::int64_t day0 = 20682;

struct request_tally_test : ::testing::Test {
  std::int64_t now = day0 * 86400 + 86400 - 2; // 23:59:58 UTC
  request_tally tally{[this] { return now; }};
};

TEST_F(request_tally_test, counts_go_to_the_day_they_were_sent_and_are_handed_out_once) {
  tally.count();
  tally.count();
  now += 3; // 00:00:01 of the next day
  tally.count();
  EXPECT_EQ(tally.today(), 1) << "today starts over at midnight";
  auto unsaved = tally.take_unsaved();
  ASSERT_EQ(unsaved.size(), 2u);
  EXPECT_EQ(unsaved[0].day, day0);
  EXPECT_EQ(unsaved[0].requests, 2);
  EXPECT_EQ(unsaved[1].day, day0 + 1);
  EXPECT_EQ(unsaved[1].requests, 1);
  EXPECT_TRUE(tally.take_unsaved().empty()) << "the caller owns what it took";
  EXPECT_EQ(tally.today(), 1) << "saving does not change what was sent today";
}

TEST_F(request_tally_test, counts_that_could_not_be_saved_come_back_with_the_new_ones) {
  tally.count();
  auto unsaved = tally.take_unsaved();
  tally.count();
  tally.restore(unsaved); // PostgreSQL was away
  auto again = tally.take_unsaved();
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].requests, 2) << "nothing lost, nothing counted twice";
}

TEST_F(request_tally_test, a_day_without_requests_reads_zero) {
  tally.count();
  now += 2 * 86400;
  EXPECT_EQ(tally.today(), 0);
}

} // namespace
} // namespace upsync::upwork
