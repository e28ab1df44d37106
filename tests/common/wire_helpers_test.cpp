// The wire helpers every area shares: JSON writing, RFC 3339 times, encodings, money.
#include "common/encoding.hpp"
#include "common/json_writer.hpp"
#include "common/money.hpp"
#include "common/time_format.hpp"

#include <gtest/gtest.h>

using namespace upsync;

TEST(json_writer, writes_nested_values_with_commas_and_escapes) {
  json::writer w;
  w.begin_object().field("a", 1).key("b").begin_array().value("x\"y\n").null().value(true).end_array();
  w.key("c").value_or_null(std::nullopt).end_object();
  EXPECT_EQ(w.str(), R"({"a":1,"b":["x\"y\n",null,true],"c":null})");
}

TEST(json_writer, invalid_utf8_and_control_characters_still_give_valid_json) {
  std::string out;
  json::append_quoted(out, std::string{"ok\x01\xff\xc3\xa9"});
  EXPECT_EQ(out, "\"ok\\u0001\xEF\xBF\xBD\xc3\xa9\"");
}

TEST(time_format, rfc3339_round_trips_and_honours_offsets) {
  EXPECT_EQ(time_format::parse_rfc3339("2026-08-15T09:10:00Z"), 1786785000);
  EXPECT_EQ(time_format::format_rfc3339(1786785000), "2026-08-15T09:10:00Z");
  EXPECT_EQ(time_format::parse_rfc3339("2026-08-15T11:10:00.123+02:00"), 1786785000);
  EXPECT_EQ(time_format::parse_rfc3339("1969-12-31T23:59:59Z"), -1);
  EXPECT_EQ(time_format::format_rfc3339(-1), "1969-12-31T23:59:59Z");
  // Every field's digits in place, at the ends of the four-digit years too.
  EXPECT_EQ(time_format::format_rfc3339(951782399), "2000-02-28T23:59:59Z");
  EXPECT_EQ(time_format::format_rfc3339(951782400 + 86400), "2000-03-01T00:00:00Z");
  EXPECT_EQ(time_format::format_rfc3339(253402300799), "9999-12-31T23:59:59Z");
  EXPECT_EQ(time_format::format_rfc3339(-62135596800), "0001-01-01T00:00:00Z");
  for (std::int64_t t : {0LL, 1786785000LL, 1709210096LL, 4102444799LL})
    EXPECT_EQ(time_format::parse_rfc3339(time_format::format_rfc3339(t)), t);
}

TEST(json_writer, plain_runs_and_escapes_interleave) {
  std::string out;
  json::append_quoted(out, std::string{"a\"b\\c\n\x1f d\xc3\xa9 e"});
  EXPECT_EQ(out, "\"a\\\"b\\\\c\\n\\u001f d\xc3\xa9 e\"");
}

TEST(time_format, impossible_or_sloppy_times_are_refused) {
  for (const char* bad : {"2026-02-29T00:00:00Z", "2026-08-15T24:00:00Z", "2026-08-15T09:10:00", "2026-08-15",
                          "2026-8-15T09:10:00Z", "2026-08-15T09:10:00Zjunk", ""})
    EXPECT_FALSE(time_format::parse_rfc3339(bad)) << bad;
  EXPECT_TRUE(time_format::parse_rfc3339("2024-02-29T00:00:00Z"));
}

TEST(time_format, dates_round_trip) {
  EXPECT_EQ(time_format::parse_date("1970-01-01"), 0);
  EXPECT_EQ(time_format::format_date(20682), "2026-08-17");
  EXPECT_FALSE(time_format::parse_date("2026-13-01"));
}

TEST(encoding, hex_and_base64url_round_trip_and_refuse_garbage) {
  std::string bytes{"\x00\xffhello", 7};
  EXPECT_EQ(encoding::from_hex(encoding::to_hex(bytes)), bytes);
  EXPECT_EQ(encoding::from_base64url(encoding::to_base64url(bytes)), bytes);
  EXPECT_FALSE(encoding::from_hex("abc"));
  EXPECT_FALSE(encoding::from_hex("zz"));
  EXPECT_FALSE(encoding::from_base64url("a"));
  EXPECT_FALSE(encoding::from_base64url("ab+/"));
  EXPECT_FALSE(encoding::from_base64url("AB")); // non-zero leftover bits: not canonical
}

TEST(encoding, percent_decoding) {
  EXPECT_EQ(encoding::percent_decode("a%20b+c", true), "a b c");
  EXPECT_EQ(encoding::percent_decode("a+b", false), "a+b");
  EXPECT_FALSE(encoding::percent_decode("%2", true));
  EXPECT_FALSE(encoding::percent_decode("%zz", true));
}

TEST(money, cents_are_exact) {
  EXPECT_EQ(money::parse_cents("25"), 2500);
  EXPECT_EQ(money::parse_cents("25.5"), 2550);
  EXPECT_EQ(money::parse_cents("0.07"), 7);
  EXPECT_EQ(money::format_cents(2550), "25.50");
  EXPECT_EQ(money::format_cents(7), "0.07");
  for (const char* bad : {"", "-1", "1e3", "2.555", " 3", "1.", ".5", "12345678901"})
    EXPECT_FALSE(money::parse_cents(bad)) << bad;
  EXPECT_TRUE(money::is_currency_code("USD"));
  EXPECT_FALSE(money::is_currency_code("usd"));
}
