// The rate in force on a day (F10, issue 16): at the edges of each step, before the first
// one, after a cleared one; and which side Upwork's rate fills for each account kind.
#include "domain/rate_schedule.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

using namespace upsync::domain;

namespace {
constexpr day_number step = 20682; // the day a new rate starts
using rate = std::optional<std::string>;

rate_schedule two_steps() {
  rate_schedule s;
  s.set(step - 10, "40.00");
  s.set(step, "50.00");
  return s;
}

/// An hourly term of Upwork's history: open start or a start day.
struct term {
  std::optional<day_number> start;
  int id;
};
int term_on(const std::vector<term>& terms, day_number day) {
  auto it = step_in_force(terms.begin(), terms.end(), day, [](const term& t) { return t.start; });
  return it == terms.end() ? 0 : it->id;
}
} // namespace

TEST(rate_schedule, a_new_rate_holds_from_its_day_not_the_day_before) {
  auto s = two_steps();
  EXPECT_EQ(s.on(step - 1), rate{"40.00"});
  EXPECT_EQ(s.on(step), rate{"50.00"});
  EXPECT_EQ(s.on(step + 1), rate{"50.00"});
  EXPECT_EQ(s.in_force(step - 1), rate{"40.00"});
  EXPECT_EQ(s.in_force(step), rate{"50.00"});
}

TEST(rate_schedule, before_the_first_step_on_gives_the_first_rate_and_in_force_none) {
  auto s = two_steps();
  EXPECT_EQ(s.on(step - 11), rate{"40.00"});
  EXPECT_EQ(s.in_force(step - 11), std::nullopt);
  EXPECT_EQ(s.in_force(step - 10), rate{"40.00"});
}

TEST(rate_schedule, a_cleared_step_leaves_no_rate_from_its_day_until_the_next) {
  auto s = two_steps();
  s.set(step + 5, std::nullopt);
  s.set(step + 8, "60.00");
  EXPECT_EQ(s.on(step + 4), rate{"50.00"});
  EXPECT_EQ(s.on(step + 5), std::nullopt);
  EXPECT_EQ(s.on(step + 7), std::nullopt);
  EXPECT_EQ(s.on(step + 8), rate{"60.00"});
}

TEST(rate_schedule, setting_a_step_on_the_same_day_replaces_it) {
  auto s = two_steps();
  s.set(step, "55.00");
  EXPECT_EQ(s.on(step), rate{"55.00"});
  EXPECT_EQ(s.on(step - 1), rate{"40.00"});
}

TEST(rate_schedule, an_empty_schedule_has_no_rate) {
  rate_schedule s;
  EXPECT_TRUE(s.empty());
  EXPECT_EQ(s.on(step), std::nullopt);
  EXPECT_EQ(s.in_force(step), std::nullopt);
}

TEST(rate_schedule, a_term_without_a_start_holds_until_a_dated_one_starts) {
  std::vector<term> terms{{std::nullopt, 1}, {step, 2}};
  EXPECT_EQ(term_on(terms, step - 1000), 1);
  EXPECT_EQ(term_on(terms, step - 1), 1);
  EXPECT_EQ(term_on(terms, step), 2);
  EXPECT_EQ(term_on({{step, 2}}, step - 1), 0); // nothing before a dated first term
}

TEST(rate_schedule, the_upwork_rate_is_the_bill_side_of_agencies_and_freelancers) {
  auto upwork = two_steps();
  rate_schedule pay, bill;
  pay.set(step - 10, "30.00");
  bill.set(step - 10, "99.00");
  for (auto kind : {organization_kind::agency, organization_kind::freelancer}) {
    auto r = rates_for_day(kind, upwork, pay, bill, step);
    EXPECT_EQ(r.bill_rate, rate{"50.00"});
    EXPECT_EQ(r.pay_rate, rate{"30.00"});
  }
}

TEST(rate_schedule, the_upwork_rate_is_the_pay_side_of_clients) {
  auto upwork = two_steps();
  rate_schedule pay, bill;
  pay.set(step - 10, "30.00");
  bill.set(step - 10, "99.00");
  auto r = rates_for_day(organization_kind::client, upwork, pay, bill, step - 1);
  EXPECT_EQ(r.pay_rate, rate{"40.00"});
  EXPECT_EQ(r.bill_rate, rate{"99.00"});
}

TEST(rate_schedule, an_override_takes_the_upwork_side_only_from_its_day) {
  auto upwork = two_steps();
  rate_schedule override_, pay, bill;
  override_.set(step + 2, "70.00");
  EXPECT_EQ(rates_for_day(organization_kind::agency, upwork, override_, pay, bill, step + 1).bill_rate, rate{"50.00"});
  EXPECT_EQ(rates_for_day(organization_kind::agency, upwork, override_, pay, bill, step + 2).bill_rate, rate{"70.00"});
  EXPECT_EQ(rates_for_day(organization_kind::client, upwork, override_, pay, bill, step + 2).pay_rate, rate{"70.00"});
}
