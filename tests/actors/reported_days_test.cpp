// The organization's book of Upwork's reported daily totals: a contract seen first resets
// its window, later reports hand over only changed days (a vanished day as 0), contracts no
// longer asked about are forgotten.
#include "actors/reported_days.hpp"

#include <algorithm>
#include <gtest/gtest.h>

using namespace upsync::sync;
using namespace upsync::domain;

namespace {

using days = std::vector<std::pair<std::int64_t, std::int32_t>>;

days sorted(days d) {
  std::sort(d.begin(), d.end());
  return d;
}

} // namespace

TEST(reported_days_book, the_first_report_of_a_contract_resets_its_window) {
  reported_days_book book{7};
  auto out = book.observe({{"c1", day_totals{{10, 600}, {12, 1200}, {30, 60}}}}, {"c1", "c2"}, {10, 14});
  ASSERT_EQ(out.changes.size(), 2u);
  EXPECT_EQ(out.changes[0].workspace_id, 7);
  EXPECT_EQ(out.changes[0].contract_id, "c1");
  EXPECT_EQ(out.changes[0].reset, (std::pair<std::int64_t, std::int64_t>{10, 14}));
  EXPECT_EQ(out.changes[0].days, (days{{10, 600}, {12, 1200}})); // day 30 is outside the window
  EXPECT_EQ(out.changes[1].contract_id, "c2");                   // reported nothing: its stored days become 0
  EXPECT_TRUE(out.changes[1].days.empty());
  ASSERT_TRUE(out.changes[1].reset);
}

TEST(reported_days_book, later_reports_hand_over_only_what_changed) {
  reported_days_book book{7};
  book.observe({{"c1", day_totals{{10, 600}, {12, 1200}}}}, {"c1"}, {10, 14});
  EXPECT_TRUE(book.observe({{"c1", day_totals{{10, 600}, {12, 1200}}}}, {"c1"}, {10, 14}).changes.empty());
  auto out = book.observe({{"c1", day_totals{{10, 600}, {13, 600}, {14, 1800}}}}, {"c1"}, {10, 14});
  ASSERT_EQ(out.changes.size(), 1u);
  EXPECT_FALSE(out.changes[0].reset);
  EXPECT_EQ(sorted(out.changes[0].days), (days{{12, 0}, {13, 600}, {14, 1800}}));
  // A narrower window (the re-read one) leaves the days before it alone.
  book.drop_before(12);
  out = book.observe({{"c1", day_totals{{13, 1200}}}}, {"c1"}, {12, 15});
  ASSERT_EQ(out.changes.size(), 1u);
  EXPECT_EQ(sorted(out.changes[0].days), (days{{13, 1200}, {14, 0}}));
}

TEST(reported_days_book, a_contract_no_longer_asked_about_is_forgotten_and_reset_when_it_returns) {
  reported_days_book book{7};
  book.observe({{"c1", day_totals{{10, 600}}}}, {"c1", "c2"}, {10, 14});
  EXPECT_EQ(book.contracts(), 2u);
  book.observe({}, {"c2"}, {10, 14});
  EXPECT_EQ(book.contracts(), 1u);
  auto out = book.observe({{"c1", day_totals{{10, 600}}}}, {"c1", "c2"}, {10, 14});
  ASSERT_EQ(out.changes.size(), 1u);
  EXPECT_EQ(out.changes[0].contract_id, "c1");
  EXPECT_TRUE(out.changes[0].reset);
}
