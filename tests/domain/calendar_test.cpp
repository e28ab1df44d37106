// UTC day arithmetic: day numbers of instants (before 1970 too), day starts, weekdays.
#include "domain/calendar.hpp"
#include "domain/clock.hpp"

#include <gtest/gtest.h>

using namespace upsync::domain;

namespace {
constexpr std::int64_t day = 86400;
constexpr day_number monday = 20682; // 2026-08-17
} // namespace

TEST(calendar, an_instant_belongs_to_the_day_it_falls_in) {
  EXPECT_EQ(day_of(0), 0);
  EXPECT_EQ(day_of(day - 1), 0);
  EXPECT_EQ(day_of(day), 1);
  EXPECT_EQ(day_of(monday * day + 12 * 3600), monday);
}

TEST(calendar, instants_before_1970_fall_on_the_day_before_not_day_zero) {
  EXPECT_EQ(day_of(-1), -1);
  EXPECT_EQ(day_of(-day), -1);
  EXPECT_EQ(day_of(-day - 1), -2);
  EXPECT_EQ(day_of(-10 * day + 5), -10);
}

TEST(calendar, a_day_starts_at_its_midnight_and_day_of_gives_it_back) {
  for (day_number d : {day_number{-3}, day_number{0}, day_number{1}, monday}) {
    EXPECT_EQ(start_of_day(d), d * day);
    EXPECT_EQ(day_of(start_of_day(d)), d);
    EXPECT_EQ(day_of(start_of_day(d) - 1), d - 1);
  }
}

TEST(calendar, weekdays_count_from_monday_before_and_after_1970) {
  EXPECT_EQ(weekday(0), 3);  // 1970-01-01, a Thursday
  EXPECT_EQ(weekday(-3), 0); // 1969-12-29, a Monday
  EXPECT_EQ(weekday(-4), 6); // a Sunday
  EXPECT_EQ(weekday(monday), 0);
  EXPECT_EQ(weekday(monday + 6), 6);
}

TEST(calendar, a_fixed_clock_answers_its_instant_and_the_system_clock_the_present) {
  auto fixed = fixed_clock(monday * day + 5);
  EXPECT_EQ(fixed(), monday * day + 5);
  EXPECT_EQ(day_of(fixed()), monday);
  EXPECT_GT(system_clock()(), 1700000000); // after 2023-11-14
}
