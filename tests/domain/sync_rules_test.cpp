// The pure sync rules: windows, which days need cells, hours to seconds, rates (F10).
#include "domain/day_totals.hpp"
#include "domain/hours.hpp"
#include "domain/rate_schedule.hpp"
#include "domain/sync_windows.hpp"

#include <gtest/gtest.h>

using namespace upsync::domain;

namespace {
// 2026-08-17 is a Monday: days since the epoch.
constexpr day_number monday_2026_08_17 = 20682;
} // namespace

TEST(sync_rules, weekday_counts_from_monday) {
  EXPECT_EQ(weekday(0), 3); // 1970-01-01 was a Thursday
  EXPECT_EQ(weekday(monday_2026_08_17), 0);
  EXPECT_EQ(weekday(monday_2026_08_17 + 6), 6);
  EXPECT_EQ(weekday(-1), 2);
}

TEST(sync_rules, the_reread_window_covers_the_previous_and_current_week) {
  auto sunday = monday_2026_08_17 + 6;
  EXPECT_EQ(reread_window(sunday).first, monday_2026_08_17 - 7);
  EXPECT_EQ(reread_window(sunday).last, sunday);
  // On a Monday the previous week is still open for edits until noon: it is re-read.
  EXPECT_EQ(reread_window(monday_2026_08_17).first, monday_2026_08_17 - 7);
  EXPECT_EQ(reread_window(monday_2026_08_17).size(), 8);
}

TEST(sync_rules, the_import_window_ends_today) {
  auto w = import_window(monday_2026_08_17, 90);
  EXPECT_EQ(w.last, monday_2026_08_17);
  EXPECT_EQ(w.size(), 90);
}

TEST(sync_rules, only_days_whose_totals_differ_need_cells) {
  day_window w{100, 110};
  day_totals reported{{100, 3600}, {101, 600}, {105, 1200}, {120, 600}};
  day_totals synced{{100, 3600}, {101, 1200}, {103, 600}};
  // 101 changed, 103 vanished upstream, 105 is new; 100 is unchanged, 120 is outside.
  EXPECT_EQ(days_needing_cells(reported, synced, w), (std::vector<day_number>{101, 103, 105}));
  EXPECT_TRUE(days_needing_cells({}, {}, w).empty());
}

TEST(sync_rules, day_totals_stay_sorted_one_entry_a_day) {
  day_totals t{{105, 600}, {101, 1200}};
  t.add(103, 600);
  t.add(103, 600);
  t.set(101, 60);
  EXPECT_EQ(t, (day_totals{{101, 60}, {103, 1200}, {105, 600}}));
  EXPECT_EQ(t.at(103), 1200);
  EXPECT_EQ(t.at(104), 0);
  t.drop_before(104);
  EXPECT_EQ(t, (day_totals{{105, 600}}));
  t.drop_before(200);
  EXPECT_TRUE(t.empty());
}

TEST(sync_rules, hours_become_seconds_exactly) {
  EXPECT_EQ(hours_text_to_seconds("1.50"), 5400);
  EXPECT_EQ(hours_text_to_seconds("0.17"), 612);
  EXPECT_EQ(hours_text_to_seconds("0.1666667"), 600);
  EXPECT_EQ(hours_text_to_seconds("8"), 28800);
  EXPECT_FALSE(hours_text_to_seconds("-1"));
  EXPECT_FALSE(hours_text_to_seconds("1e3"));
  EXPECT_FALSE(hours_text_to_seconds(""));
}

TEST(sync_rules, hours_as_an_exact_decimal_become_seconds_rounded_half_up) {
  EXPECT_EQ(hours_to_seconds(decimal{150, 2}), 5400);
  EXPECT_EQ(hours_to_seconds(*decimal::parse("0.1666667")), 600);
  EXPECT_EQ(hours_to_seconds(*decimal::parse("0.000138889")), 1); // half a second and a bit
  EXPECT_EQ(hours_to_seconds(*decimal::parse("0.000138888")), 0);
  EXPECT_FALSE(hours_to_seconds(*decimal::parse("-0.5")));
  EXPECT_FALSE(hours_to_seconds(*decimal::parse("1000000"))); // more seconds than a day total holds
}

TEST(sync_rules, a_rate_holds_from_its_day_until_the_next_and_covers_earlier_days) {
  rate_schedule r;
  r.set(200, "20.00");
  r.set(250, "25.00");
  EXPECT_EQ(r.on(100), "20.00"); // before the first entry: recorded far enough back (F10)
  EXPECT_EQ(r.on(249), "20.00");
  EXPECT_EQ(r.on(250), "25.00");
  EXPECT_EQ(r.on(999), "25.00");
  EXPECT_FALSE(rate_schedule{}.on(1));
}

TEST(sync_rules, the_upwork_rate_is_the_bill_rate_for_agencies_and_the_pay_rate_for_clients) {
  rate_schedule upwork, pay, bill;
  upwork.set(0, "30.00");
  pay.set(0, "18.00");
  bill.set(0, "45.00");
  auto agency = rates_for_day(organization_kind::agency, upwork, pay, bill, 10);
  EXPECT_EQ(agency.bill_rate, "30.00");
  EXPECT_EQ(agency.pay_rate, "18.00");
  auto client = rates_for_day(organization_kind::client, upwork, pay, bill, 10);
  EXPECT_EQ(client.pay_rate, "30.00");
  EXPECT_EQ(client.bill_rate, "45.00");
  auto freelancer = rates_for_day(organization_kind::freelancer, upwork, {}, {}, 10);
  EXPECT_EQ(freelancer.bill_rate, "30.00");
  EXPECT_FALSE(freelancer.pay_rate);
}

TEST(sync_rules, an_override_replaces_the_upwork_rate_from_its_day_until_cleared) {
  rate_schedule upwork, override_rates, pay, bill;
  upwork.set(0, "30.00");
  upwork.set(300, "32.00"); // Upwork's raise
  override_rates.set(200, "35.00");
  override_rates.set(400, std::nullopt); // cleared: Upwork's rate again
  pay.set(0, "18.00");
  bill.set(0, "45.00");
  // Before the override: Upwork's rate (an override never reaches back before its day).
  EXPECT_EQ(rates_for_day(organization_kind::agency, upwork, override_rates, pay, bill, 199).bill_rate, "30.00");
  EXPECT_EQ(rates_for_day(organization_kind::agency, upwork, override_rates, pay, bill, 200).bill_rate, "35.00");
  EXPECT_EQ(rates_for_day(organization_kind::agency, upwork, override_rates, pay, bill, 350).bill_rate, "35.00");
  EXPECT_EQ(rates_for_day(organization_kind::agency, upwork, override_rates, pay, bill, 400).bill_rate, "32.00");
  EXPECT_EQ(rates_for_day(organization_kind::agency, upwork, override_rates, pay, bill, 200).pay_rate, "18.00");
  auto client = rates_for_day(organization_kind::client, upwork, override_rates, pay, bill, 250);
  EXPECT_EQ(client.pay_rate, "35.00");
  EXPECT_EQ(client.bill_rate, "45.00");
  EXPECT_EQ(rates_for_day(organization_kind::freelancer, upwork, override_rates, {}, {}, 250).bill_rate, "35.00");
}

TEST(sync_rules, a_cleared_manager_rate_gives_no_rate_from_its_day) {
  rate_schedule upwork, pay;
  upwork.set(0, "30.00");
  pay.set(0, "18.00");
  pay.set(100, std::nullopt);
  EXPECT_EQ(rates_for_day(organization_kind::agency, upwork, pay, {}, 99).pay_rate, "18.00");
  EXPECT_FALSE(rates_for_day(organization_kind::agency, upwork, pay, {}, 100).pay_rate);
  EXPECT_FALSE(rate_schedule{}.in_force(5));
  EXPECT_FALSE(pay.in_force(-1));
  EXPECT_EQ(pay.in_force(0), "18.00");
}

TEST(sync_rules, a_closing_contract_reads_only_days_of_weeks_not_locked) {
  constexpr std::int64_t day = 86400;
  auto next_monday = monday_2026_08_17 + 7;
  auto window = reread_window(next_monday); // last week and today
  // Monday 11:59: last week is still open.
  EXPECT_EQ(open_days(window, next_monday * day + 12 * 3600 - 60), window);
  // Monday 12:00: last week locked, only today is left.
  EXPECT_EQ(open_days(window, next_monday * day + 12 * 3600), (day_window{next_monday, next_monday}));
  // A long window is cut to the open weeks; a window wholly locked is empty.
  auto wednesday = next_monday + 2;
  EXPECT_EQ(open_days(import_window(wednesday, 90), wednesday * day), (day_window{next_monday, wednesday}));
  EXPECT_EQ(open_days(day_window{monday_2026_08_17 - 30, monday_2026_08_17 - 20}, wednesday * day).size(), 0);
}
