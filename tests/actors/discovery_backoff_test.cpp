// The DISCOVERY actor's backoff: none before the first attempt, then 2 s doubling to 5 min.
#include "actors/discovery_actor.hpp"

#include <gtest/gtest.h>

namespace upsync::sync {
namespace {

using std::chrono::milliseconds;

TEST(discovery_backoff, starts_at_two_seconds_and_doubles_to_five_minutes) {
  EXPECT_EQ(discovery_retry_delay(0), milliseconds(0));
  EXPECT_EQ(discovery_retry_delay(1), milliseconds(2000));
  EXPECT_EQ(discovery_retry_delay(2), milliseconds(4000));
  EXPECT_EQ(discovery_retry_delay(8), milliseconds(256'000));
  EXPECT_EQ(discovery_retry_delay(9), milliseconds(300'000));
  EXPECT_EQ(discovery_retry_delay(1000), milliseconds(300'000));
}

} // namespace
} // namespace upsync::sync
