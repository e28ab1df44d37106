// Webhook rules (issue 20): the events, the URLs a manager may register, the addresses a
// delivery may reach (no SSRF into the deployment's network unless the operator allows
// it), and the retry schedule of a day.
#include "domain/webhook_rules.hpp"

#include <gtest/gtest.h>

namespace upsync::domain {
namespace {

ip_address v4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) {
  ip_address ip;
  ip.bytes[0] = a, ip.bytes[1] = b, ip.bytes[2] = c, ip.bytes[3] = d;
  return ip;
}

ip_address v6(std::initializer_list<std::uint8_t> prefix, std::initializer_list<std::uint8_t> suffix = {}) {
  ip_address ip;
  ip.v6 = true;
  std::size_t i = 0;
  for (auto b : prefix)
    ip.bytes[i++] = b;
  i = 16 - suffix.size();
  for (auto b : suffix)
    ip.bytes[i++] = b;
  return ip;
}

TEST(webhook_rules, the_events_are_the_documented_seven) {
  EXPECT_EQ(webhook_event_names().size(), 7u);
  EXPECT_TRUE(is_webhook_event("connection.needs_reauth"));
  EXPECT_TRUE(is_webhook_event("reconciliation.mismatch"));
  EXPECT_FALSE(is_webhook_event("connection.*"));
  EXPECT_FALSE(is_webhook_event(""));
}

TEST(webhook_rules, only_public_addresses_are_public) {
  EXPECT_TRUE(is_public_address(v4(93, 184, 216, 34)));
  EXPECT_TRUE(is_public_address(v4(172, 32, 0, 1)));
  for (auto ip : {v4(127, 0, 0, 1), v4(10, 1, 2, 3), v4(172, 16, 0, 1), v4(172, 31, 255, 255), v4(192, 168, 1, 1),
                  v4(169, 254, 169, 254), v4(100, 64, 0, 1), v4(0, 0, 0, 0), v4(224, 0, 0, 1), v4(255, 255, 255, 255),
                  v4(198, 18, 0, 1), v4(192, 0, 2, 1)})
    EXPECT_FALSE(is_public_address(ip)) << int(ip.bytes[0]) << "." << int(ip.bytes[1]);
  EXPECT_TRUE(is_public_address(v6({0x26, 0x06, 0x28, 0x00})));
  EXPECT_FALSE(is_public_address(v6({}, {1})));                       // ::1
  EXPECT_FALSE(is_public_address(v6({})));                            // ::
  EXPECT_FALSE(is_public_address(v6({0xfe, 0x80})));                  // link-local
  EXPECT_FALSE(is_public_address(v6({0xfd, 0x12})));                  // unique local
  EXPECT_FALSE(is_public_address(v6({0xff, 0x02})));                  // multicast
  EXPECT_FALSE(is_public_address(v6({}, {0xff, 0xff, 127, 0, 0, 1}))) // ::ffff:127.0.0.1
    << "an IPv4-mapped loopback is loopback";
  EXPECT_TRUE(is_public_address(v6({}, {0xff, 0xff, 93, 184, 216, 34})));
  EXPECT_FALSE(is_public_address(v6({0x00, 0x64, 0xff, 0x9b}, {10, 0, 0, 1}))); // NAT64 of a private one
}

TEST(webhook_rules, urls_are_http_or_https_with_a_host_and_nothing_hidden) {
  auto u = parse_webhook_url("HTTPS://Hooks.Example.com:8443/upsync?x=1");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->scheme, "https");
  EXPECT_EQ(u->host, "hooks.example.com");
  EXPECT_EQ(u->port, 8443);
  EXPECT_EQ(u->target, "/upsync?x=1");
  auto plain = parse_webhook_url("http://[::1]/h");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->host, "::1");
  EXPECT_EQ(plain->port, 80);
  EXPECT_EQ(parse_webhook_url("https://example.com")->target, "/");
  for (const char* bad : {"ftp://example.com/", "file:///etc/passwd", "gopher://x", "https://",
                          "https://user:pw@x.com/", "https://x.com/#frag", "https://x.com:0/", "https://x.com:99999/",
                          "https://x.com:8a/", "https://exa mple.com/", "example.com/hook", "javascript:alert(1)", ""})
    EXPECT_FALSE(parse_webhook_url(bad)) << bad;
  EXPECT_FALSE(parse_webhook_url("https://x.com/" + std::string(2000, 'a')));
}

TEST(webhook_rules, deliveries_reach_private_addresses_only_where_the_operator_allows) {
  webhook_destinations strict;
  EXPECT_TRUE(may_deliver_to("hooks.example.com", {v4(93, 184, 216, 34)}, strict));
  EXPECT_FALSE(may_deliver_to("localhost", {v4(127, 0, 0, 1)}, strict));
  EXPECT_FALSE(may_deliver_to("mixed.example.com", {v4(93, 184, 216, 34), v4(10, 0, 0, 1)}, strict))
    << "one private answer is enough to refuse (DNS picks the address later)";
  EXPECT_FALSE(may_deliver_to("nowhere.example.com", {}, strict));
  webhook_destinations listed;
  listed.allowed_hosts = {"receiver.internal"};
  EXPECT_TRUE(may_deliver_to("receiver.internal", {v4(10, 0, 0, 5)}, listed));
  EXPECT_FALSE(may_deliver_to("other.internal", {v4(10, 0, 0, 6)}, listed));
  webhook_destinations open;
  open.allow_private = true;
  EXPECT_TRUE(may_deliver_to("127.0.0.1", {v4(127, 0, 0, 1)}, open));
}

TEST(webhook_rules, a_delivery_is_retried_with_backoff_for_a_day) {
  using std::chrono::seconds;
  EXPECT_EQ(webhook_retry_delay(1, seconds(0)), seconds(30));
  EXPECT_EQ(webhook_retry_delay(2, seconds(30)), seconds(60));
  EXPECT_EQ(webhook_retry_delay(5, seconds(900)), seconds(480));
  EXPECT_EQ(webhook_retry_delay(30, seconds(3600 * 10)), seconds(3600)) << "at most an hour apart";
  EXPECT_FALSE(webhook_retry_delay(40, seconds(86400))) << "given up after a day";
}

} // namespace
} // namespace upsync::domain
