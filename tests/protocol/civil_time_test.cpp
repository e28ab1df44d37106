// Dates and instants in the forms Upwork uses.
#include "protocol/upwork/civil_time.hpp"

#include <gtest/gtest.h>

namespace upsync::upwork {
namespace {

TEST(civil_time, dates_in_both_forms) {
  EXPECT_EQ(parse_date("20260815"), (date{2026, 8, 15}));
  EXPECT_EQ(parse_date("2026-08-15"), (date{2026, 8, 15}));
  EXPECT_EQ(parse_date("2024-02-29"), (date{2024, 2, 29}));
  for (const char* bad : {"2026-02-29", "20261301", "2026-8-15", "2026/08/15", "", "202608150"})
    EXPECT_FALSE(parse_date(bad)) << bad;
  EXPECT_EQ((date{2026, 8, 1}).compact(), "20260801");
  EXPECT_EQ((date{2026, 8, 1}).iso(), "2026-08-01");
}

TEST(civil_time, day_numbers_round_trip) {
  for (std::int64_t d = -800000; d < 800000; d += 997)
    EXPECT_EQ(date::from_days_since_epoch(d).days_since_epoch(), d);
  EXPECT_EQ((date{1970, 1, 1}).days_since_epoch(), 0);
  EXPECT_EQ((date{2026, 8, 15}).days_since_epoch(), 20680);
}

TEST(civil_time, instants_as_epoch_ms_or_iso) {
  const auto want = std::chrono::milliseconds{1786788000000};
  EXPECT_EQ(parse_instant("1786788000000")->time_since_epoch(), want);
  EXPECT_EQ(parse_instant("2026-08-15T10:00:00Z")->time_since_epoch(), want);
  EXPECT_EQ(parse_instant("2026-08-15T10:00:00.000Z")->time_since_epoch(), want);
  EXPECT_EQ(parse_instant("2026-08-15T12:00:00+02:00")->time_since_epoch(), want);
  EXPECT_EQ(parse_instant("2026-08-15T05:30:00-0430")->time_since_epoch(), want);
  EXPECT_EQ(parse_instant("2026-08-15T10:00")->time_since_epoch(), want);
  EXPECT_EQ(parse_instant("2026-08-15 10:00:00.123456Z")->time_since_epoch(), want + std::chrono::milliseconds{123});
  for (const char* bad : {"", "20260815", "2026-08-15", "2026-08-15T25:00:00Z", "2026-08-15T10:00:00X",
                          "2026-08-15T10:00:00+2", "-1786788000000", "1786788000000.5", "yesterday"})
    EXPECT_FALSE(parse_instant(bad)) << bad;
  EXPECT_EQ(format_instant(*parse_instant("1786788000123")), "2026-08-15T10:00:00.123Z");
}

} // namespace
} // namespace upsync::upwork
