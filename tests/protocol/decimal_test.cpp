// Exact decimals: money and hours never pass through binary floating point.
#include "protocol/upwork/decimal.hpp"

#include <gtest/gtest.h>

namespace upsync::upwork {
namespace {

TEST(decimal, parses_and_keeps_scale) {
  auto d = decimal::parse("25.00");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->units(), 2500);
  EXPECT_EQ(d->scale(), 2);
  EXPECT_EQ(d->to_string(), "25.00");
  EXPECT_EQ(decimal::parse("-0.05")->to_string(), "-0.05");
  EXPECT_EQ(decimal::parse("007")->to_string(), "7");
}

TEST(decimal, equality_is_numeric) {
  EXPECT_EQ(*decimal::parse("25"), *decimal::parse("25.000"));
  EXPECT_LT(*decimal::parse("0.1"), *decimal::parse("0.10001"));
  EXPECT_NE(*decimal::parse("0.1"), *decimal::parse("0.01"));
}

TEST(decimal, refuses_other_shapes) {
  for (const char* bad : {"", "-", ".5", "5.", "1e3", "+1", " 1", "1 ", "0x10", "1,5", "NaN", "--1"})
    EXPECT_FALSE(decimal::parse(bad)) << bad;
}

TEST(decimal, refuses_what_does_not_fit) {
  EXPECT_TRUE(decimal::parse("9223372036854775807"));
  EXPECT_FALSE(decimal::parse("9223372036854775808"));
  EXPECT_FALSE(decimal::parse("12345678901234567890.5"));
  EXPECT_FALSE(decimal::parse("0.1234567890123456789"));     // 19 fractional digits
  EXPECT_TRUE(decimal::parse("0.100000000000000000000000")); // zeros carry nothing
}

TEST(decimal, from_double_is_the_shortest_exact_text) {
  EXPECT_EQ(decimal::from_double(45.5)->to_string(), "45.5");
  EXPECT_EQ(decimal::from_double(0.1)->to_string(), "0.1");
  EXPECT_EQ(decimal::from_double(62.5)->to_minor_units(2), 6250);
  EXPECT_EQ(decimal::from_double(1234567.89)->to_string(), "1234567.89");
  EXPECT_FALSE(decimal::from_double(1e300));
  EXPECT_FALSE(decimal::from_double(std::numeric_limits<double>::infinity()));
}

TEST(decimal, minor_units_round_half_away_from_zero) {
  EXPECT_EQ(decimal::parse("0.125")->to_minor_units(2), 13);
  EXPECT_EQ(decimal::parse("-0.125")->to_minor_units(2), -13);
  EXPECT_EQ(decimal::parse("0.124")->to_minor_units(2), 12);
  EXPECT_EQ(decimal::parse("7")->to_minor_units(2), 700);
}

TEST(decimal, rescale_is_exact_or_nothing) {
  EXPECT_EQ(decimal::parse("1.50")->rescaled(1)->to_string(), "1.5");
  EXPECT_FALSE(decimal::parse("1.55")->rescaled(1));
  EXPECT_EQ(decimal::parse("1.5")->rescaled(3)->to_string(), "1.500");
}

} // namespace
} // namespace upsync::upwork
