// Upwork's billing week and a closing contract's grace, as pure arithmetic.
#include "domain/billing_week.hpp"

#include <gtest/gtest.h>

using namespace upsync::domain;
using namespace upsync::domain::billing_week;

namespace {
// 2026-08-17 is a Monday: days since the epoch, and its midnight in Unix seconds.
constexpr std::int64_t monday = 20682;
constexpr std::int64_t day = 86400;
constexpr std::int64_t hour = 3600;
constexpr std::int64_t monday_0000 = monday * day;
constexpr std::int64_t next_monday_1200 = monday_0000 + 7 * day + 12 * hour;
} // namespace

TEST(billing_week, weeks_start_on_monday_utc) {
  for (std::int64_t d = monday; d < monday + 7; ++d)
    EXPECT_EQ(week_start(d), monday) << d;
  EXPECT_EQ(week_start(monday - 1), monday - 7); // Sunday belongs to the week before
  EXPECT_EQ(week_start(monday + 7), monday + 7);
  EXPECT_EQ(week_start(0), -3);   // 1970-01-01 was a Thursday
  EXPECT_EQ(week_start(-4), -10); // Sunday 1969-12-28
  EXPECT_EQ(day_of(-1), -1);
  EXPECT_EQ(day_of(monday_0000 + day - 1), monday);
}

TEST(billing_week, a_week_locks_the_monday_noon_after_it) {
  for (std::int64_t d = monday; d < monday + 7; ++d)
    EXPECT_EQ(locks_at(d), next_monday_1200) << d;
  auto sunday = monday + 6;
  EXPECT_TRUE(is_open(sunday, next_monday_1200 - 1)); // Monday 11:59:59
  EXPECT_FALSE(is_open(sunday, next_monday_1200));    // Monday 12:00:00
  EXPECT_TRUE(is_open(monday + 7, next_monday_1200)); // the new week stays open
}

TEST(billing_week, the_first_open_day_moves_at_monday_noon) {
  auto next_monday = monday + 7;
  // Sunday 23:59:59 and Monday before noon: last week is still open.
  EXPECT_EQ(first_open_day(next_monday * day - 1), monday);
  EXPECT_EQ(first_open_day(next_monday * day), monday);
  EXPECT_EQ(first_open_day(next_monday * day + 12 * hour - 60), monday); // Monday 11:59
  EXPECT_EQ(first_open_day(next_monday * day + 12 * hour - 1), monday);
  // From Monday 12:00 on only this week is open.
  EXPECT_EQ(first_open_day(next_monday * day + 12 * hour), next_monday);
  EXPECT_EQ(first_open_day(next_monday * day + 6 * day + 23 * hour), next_monday); // Sunday
}

TEST(billing_week, a_closing_grace_lasts_until_the_week_of_the_change_locks) {
  // Changed on Monday 00:00 and on Sunday 23:59:59: the same week, the same end.
  EXPECT_EQ(closing_grace_end(monday_0000), next_monday_1200);
  EXPECT_EQ(closing_grace_end(monday_0000 + 7 * day - 1), next_monday_1200);
  // Changed on the next Monday before noon: a week of its own, a week later.
  EXPECT_EQ(closing_grace_end(monday_0000 + 7 * day + 11 * hour + 59 * 60), next_monday_1200 + 7 * day);
  EXPECT_EQ(closing_grace_end(next_monday_1200), next_monday_1200 + 7 * day);

  auto sunday_2359 = monday_0000 + 7 * day - 60;
  EXPECT_TRUE(in_closing_grace(sunday_2359, sunday_2359));
  EXPECT_TRUE(in_closing_grace(sunday_2359, next_monday_1200 - 60)); // Monday 11:59
  EXPECT_TRUE(in_closing_grace(sunday_2359, next_monday_1200 - 1));
  EXPECT_FALSE(in_closing_grace(sunday_2359, next_monday_1200)); // Monday 12:00
  EXPECT_FALSE(in_closing_grace(sunday_2359, next_monday_1200 + day));
}

TEST(billing_week, the_sql_cutoff_says_the_same_as_the_grace_for_every_change_time) {
  // For "now" around both Monday noons and change times over three weeks, every 15
  // minutes: changed_at >= cutoff(now) exactly when the grace lasts.
  std::int64_t nows[] = {monday_0000 + 7 * day - 1, monday_0000 + 7 * day,      next_monday_1200 - 1,
                         next_monday_1200,          next_monday_1200 + 3 * day, monday_0000 + 3 * day};
  for (auto now : nows)
    for (auto changed = monday_0000 - 7 * day; changed <= now; changed += 15 * 60)
      ASSERT_EQ(changed >= closing_grace_cutoff(now), in_closing_grace(changed, now))
        << "now " << now << " changed " << changed;
}
