// How the day's Upwork budget is spent (issue 19): the most urgent work may take the last
// requests, and every organization's cycle stretches alike when the budget runs short.
#include "domain/request_budget_rules.hpp"

#include <gtest/gtest.h>

using namespace upsync::domain;

TEST(request_budget_rules, the_later_purposes_leave_the_last_requests_to_the_earlier) {
  EXPECT_EQ(kept_for_more_urgent(request_purpose::token, 40000), 0);
  EXPECT_EQ(kept_for_more_urgent(request_purpose::reread, 40000), 400);
  EXPECT_EQ(kept_for_more_urgent(request_purpose::import, 40000), 2000);
  EXPECT_EQ(kept_for_more_urgent(request_purpose::refresh, 40000), 4000);
  EXPECT_LT(kept_for_more_urgent(request_purpose::reread, 40000), kept_for_more_urgent(request_purpose::import, 40000));
}

TEST(request_budget_rules, a_budget_that_covers_every_cycle_keeps_the_configured_interval) {
  // 100 organizations every 300 s for the 12 h left: 14,400 cycles at one request each.
  budget_outlook o{20000, 12 * 3600, 100, 1.0};
  EXPECT_EQ(paced_cycle_seconds(300, o), 300);
}

TEST(request_budget_rules, a_short_budget_stretches_every_organization_alike) {
  // 1,000 organizations every 300 s would take 288,000 requests a day; a quarter of it is
  // left for the whole day: each organization cycles every 1,200 s.
  budget_outlook o{72000, 86400, 1000, 1.0};
  EXPECT_EQ(paced_cycle_seconds(300, o), 1200);
  // Dearer cycles stretch further.
  o.requests_per_cycle = 2.0;
  EXPECT_EQ(paced_cycle_seconds(300, o), 2400);
}

TEST(request_budget_rules, with_nothing_left_the_next_cycle_waits_for_the_new_day) {
  budget_outlook o{0, 5000, 10, 1.0};
  EXPECT_EQ(paced_cycle_seconds(300, o), 5000);
  o.remaining = 5; // not one cycle each
  EXPECT_EQ(paced_cycle_seconds(300, o), 5000);
}

TEST(request_budget_rules, no_organization_or_no_time_left_keeps_the_configured_interval) {
  EXPECT_EQ(paced_cycle_seconds(300, budget_outlook{0, 5000, 0, 1.0}), 300);
  EXPECT_EQ(paced_cycle_seconds(300, budget_outlook{10, 0, 10, 1.0}), 300);
}
