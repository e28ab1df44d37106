// Full-jitter backoff and Retry-After parsing.
#include "protocol/upwork/backoff.hpp"

#include <gtest/gtest.h>

namespace upsync::upwork {
namespace {

using namespace std::chrono_literals;

TEST(backoff, ceiling_doubles_up_to_the_cap) {
  backoff b{{6, 250ms, 4000ms, 120s}};
  EXPECT_EQ(b.ceiling(0), 250ms);
  EXPECT_EQ(b.ceiling(1), 500ms);
  EXPECT_EQ(b.ceiling(3), 2000ms);
  EXPECT_EQ(b.ceiling(4), 4000ms);
  EXPECT_EQ(b.ceiling(40), 4000ms);
}

TEST(backoff, full_jitter_spans_zero_to_ceiling) {
  double u = 0.0;
  backoff b{{6, 250ms, 4000ms, 120s}, [&] { return u; }};
  EXPECT_EQ(b.delay(2), 0ms);
  u = 0.5;
  EXPECT_EQ(b.delay(2), 500ms);
  u = 0.999999;
  EXPECT_EQ(b.delay(2), 1000ms);
}

TEST(backoff, default_jitter_stays_in_the_window) {
  backoff b{{6, 100ms, 1000ms, 120s}};
  for (int i = 0; i < 200; ++i) {
    auto d = b.delay(3);
    EXPECT_GE(d, 0ms);
    EXPECT_LE(d, 800ms);
  }
}

TEST(backoff, retry_after_wins_with_a_little_jitter) {
  double u = 0.0;
  backoff b{{6, 250ms, 4000ms, 120s}, [&] { return u; }};
  EXPECT_EQ(b.delay(0, 3000ms), 3000ms);
  u = 0.5;
  EXPECT_EQ(b.delay(0, 3000ms), 3150ms);
}

TEST(retry_after, delta_seconds_and_http_date) {
  EXPECT_EQ(parse_retry_after("120"), 120000ms);
  EXPECT_EQ(parse_retry_after(" 2 "), 2000ms);
  EXPECT_EQ(parse_retry_after("0.5"), 500ms);
  EXPECT_EQ(parse_retry_after("0"), 0ms);
  const auto now = std::chrono::system_clock::time_point{std::chrono::seconds{1445412480}};
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now), 30000ms);
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 07:27:00 GMT", now), 0ms);
  for (const char* bad : {"", "soon", "-1", "1e3", "Wed, 21 Oct 2015 07:28:30 PST", "12abc"})
    EXPECT_FALSE(parse_retry_after(bad, now)) << bad;
}

} // namespace
} // namespace upsync::upwork
