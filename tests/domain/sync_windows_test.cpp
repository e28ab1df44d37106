// Which days a sync reads, decided from the clock's "today" (F7, F8).
#include "domain/clock.hpp"
#include "domain/sync_windows.hpp"

#include <gtest/gtest.h>

using namespace upsync::domain;

namespace {
constexpr std::int64_t hour = 3600;
constexpr day_number monday = 20682; // 2026-08-17
std::int64_t at(day_number d, std::int64_t h) { return start_of_day(d) + h * hour; }
day_number today_by(const wall_clock& now) { return day_of(now()); }
} // namespace

TEST(sync_windows, the_import_window_is_the_last_import_days_ending_today) {
  auto now = fixed_clock(at(monday + 2, 23) + 59 * 60); // Wednesday 23:59
  EXPECT_EQ(import_window(today_by(now), 30), (day_window{monday + 2 - 29, monday + 2}));
  EXPECT_EQ(import_window(today_by(now), 30).size(), 30);
}

TEST(sync_windows, an_import_of_zero_or_fewer_days_still_reads_today) {
  EXPECT_EQ(import_window(monday, 0), (day_window{monday, monday}));
  EXPECT_EQ(import_window(monday, -5), (day_window{monday, monday}));
  EXPECT_EQ(import_window(monday, 1), (day_window{monday, monday}));
}

TEST(sync_windows, the_import_window_moves_at_utc_midnight) {
  EXPECT_EQ(import_window(today_by(fixed_clock(at(monday + 1, 0) - 1)), 7).last, monday);
  EXPECT_EQ(import_window(today_by(fixed_clock(at(monday + 1, 0))), 7).last, monday + 1);
}

TEST(sync_windows, the_reread_window_is_last_week_and_this_week_up_to_today) {
  EXPECT_EQ(reread_window(today_by(fixed_clock(at(monday, 0)))), (day_window{monday - 7, monday}));
  EXPECT_EQ(reread_window(today_by(fixed_clock(at(monday + 6, 23)))), (day_window{monday - 7, monday + 6}));
  // Sunday 23:59:59 still belongs to the old week: it and the week before are re-read.
  EXPECT_EQ(reread_window(today_by(fixed_clock(at(monday, 0) - 1))), (day_window{monday - 14, monday - 1}));
}

TEST(sync_windows, a_closing_contract_rereads_last_week_only_until_monday_noon) {
  day_window window{monday - 7, monday};
  EXPECT_EQ(open_days(window, at(monday, 12) - 1), window);                   // Monday 11:59:59
  EXPECT_EQ(open_days(window, at(monday, 12)), (day_window{monday, monday})); // Monday 12:00
  EXPECT_EQ(open_days(window, at(monday, 0) - 1), window);                    // Sunday 23:59:59
}
