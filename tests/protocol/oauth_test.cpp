// OAuth2: the authorize URL, token answers, refresh rotation and needs_reauth.
#include "fake_transport.hpp"
#include "protocol/upwork/oauth.hpp"
#include "protocol/upwork/token_provider.hpp"
#include "test_server.hpp"

#include <gtest/gtest.h>

namespace upsync::upwork {
namespace {

using namespace std::chrono_literals;
using testing::fake_transport;
using testing::header_of;
using testing::read_fixture;

oauth_config config() {
  oauth_config c;
  c.authorize_url = "https://www.upwork.com/ab/account-security/oauth2/authorize";
  c.token_url = "http://127.0.0.1:9/api/v3/oauth2/token";
  c.client_id = "abc123";
  c.client_secret = "s3cret";
  c.redirect_uri = "https://upsync.example/api/v1/upwork/callback";
  return c;
}

TEST(authorize_url, has_code_client_redirect_state_and_no_scope) {
  const auto u = build_authorize_url(config(), "st/ate+1");
  EXPECT_EQ(u, "https://www.upwork.com/ab/account-security/oauth2/authorize?response_type=code"
               "&client_id=abc123&redirect_uri=https%3A%2F%2Fupsync.example%2Fapi%2Fv1%2Fupwork%"
               "2Fcallback&state=st%2Fate%2B1");
  EXPECT_EQ(u.find("scope"), std::string::npos);
}

TEST(token_response, reads_the_documented_answer) {
  auto t = parse_token_response(200, read_fixture("token.json"));
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->access_token, "oauth2v2_0123456789abcdef0123456789abcdef");
  EXPECT_EQ(t->refresh_token, "oauth2v2_fedcba9876543210fedcba9876543210");
  EXPECT_EQ(t->token_type, "Bearer");
  EXPECT_EQ(t->expires_in, 86400);
}

TEST(token_response, expires_in_as_string) {
  auto t = parse_token_response(200, R"({"access_token":"a","refresh_token":"r","expires_in":"86400"})");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->expires_in, 86400);
}

TEST(token_response, invalid_grant_needs_reauth) {
  auto t = parse_token_response(400, read_fixture("token_invalid_grant.json"));
  ASSERT_FALSE(t.has_value());
  EXPECT_EQ(t.error().kind, error_kind::needs_reauth);
  EXPECT_NE(t.error().message.find("expired or revoked"), std::string::npos);
}

TEST(token_response, invalid_request_is_permanent) {
  auto t = parse_token_response(400, read_fixture("token_invalid_request.json"));
  EXPECT_EQ(t.error().kind, error_kind::permanent);
}

TEST(token_response, server_trouble_is_retryable) {
  EXPECT_EQ(parse_token_response(503, "<html>busy</html>").error().kind, error_kind::retryable);
  EXPECT_EQ(parse_token_response(429, "").error().kind, error_kind::retryable);
}

TEST(token_response, wrong_shapes_are_malformed) {
  EXPECT_EQ(parse_token_response(200, R"({"access_token":5})").error().message,
            "token endpoint: access_token: expected string, got integer");
  EXPECT_EQ(parse_token_response(200, R"({"token_type":"Bearer"})").error().message,
            "token endpoint: access_token: missing");
  EXPECT_EQ(parse_token_response(200, R"({"access_token":"a")").error().kind, error_kind::malformed);
}

TEST(oauth_client, exchange_sends_form_and_basic_credentials) {
  auto t = std::make_shared<fake_transport>();
  t->push(200, read_fixture("token.json"));
  oauth_client c{config(), t, nullptr, {}, std::make_shared<manual_clock>()};
  auto r = c.exchange_code("the code");
  ASSERT_TRUE(r.ok()) << r.error().message;
  const auto req = t->sent().at(0);
  EXPECT_EQ(req.method, "POST");
  EXPECT_EQ(req.url, config().token_url);
  EXPECT_EQ(req.body, "grant_type=authorization_code&code=the%20code&redirect_uri=https%3A%2F%"
                      "2Fupsync.example%2Fapi%2Fv1%2Fupwork%2Fcallback");
  EXPECT_EQ(header_of(req, "Authorization"), "Basic YWJjMTIzOnMzY3JldA==");
  EXPECT_EQ(header_of(req, "Content-Type"), "application/x-www-form-urlencoded");
}

TEST(oauth_client, credentials_as_form_fields_when_configured) {
  auto t = std::make_shared<fake_transport>();
  t->push(200, read_fixture("token.json"));
  auto cfg = config();
  cfg.credentials_in_body = true;
  oauth_client c{cfg, t, nullptr, {}, std::make_shared<manual_clock>()};
  ASSERT_TRUE(c.refresh("R1").ok());
  const auto req = t->sent().at(0);
  EXPECT_EQ(req.body, "grant_type=refresh_token&refresh_token=R1&client_id=abc123&client_secret=s3cret");
  EXPECT_EQ(header_of(req, "Authorization"), "");
}

TEST(oauth_client, refresh_returns_the_rotated_token_and_retries_server_errors) {
  auto t = std::make_shared<fake_transport>();
  t->push(503, "");
  t->push(200, R"({"access_token":"A2","refresh_token":"R2","token_type":"Bearer","expires_in":86400})");
  auto clk = std::make_shared<manual_clock>();
  oauth_client c{config(), t, nullptr, {}, clk};
  auto tally = std::make_shared<request_tally>([] { return std::int64_t{0}; });
  c.count_requests_in(tally); // the grant's requests, for the operators (issue 19)
  auto r = c.refresh("R1");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->refresh_token, "R2");
  EXPECT_EQ(t->sent().size(), 2u);
  EXPECT_EQ(tally->today(), 2) << "the retry is a request of the grant too";
  EXPECT_EQ(t->sent()[1].body, "grant_type=refresh_token&refresh_token=R1");
}

TEST(oauth_client, invalid_grant_is_not_retried) {
  auto t = std::make_shared<fake_transport>();
  t->push(400, read_fixture("token_invalid_grant.json"));
  oauth_client c{config(), t, nullptr, {}, std::make_shared<manual_clock>()};
  auto r = c.refresh("R1");
  EXPECT_EQ(r.error().kind, error_kind::needs_reauth);
  EXPECT_EQ(t->sent().size(), 1u);
}

TEST(oauth_token_provider, persists_the_rotated_set_before_handing_out_the_token) {
  auto t = std::make_shared<fake_transport>();
  t->push(200, R"({"access_token":"A2","refresh_token":"R2","expires_in":86400})");
  auto clk = std::make_shared<manual_clock>();
  auto oauth = std::make_shared<oauth_client>(config(), t, nullptr, retry_policy{}, clk);
  std::vector<token_set> persisted;
  oauth_token_provider p{oauth, token_set{"A1", "R1", "Bearer", 86400}, clk->now() + 24h,
                         [&](const token_set& s) {
                           persisted.push_back(s);
                           return std::optional<error>{};
                         },
                         clk};
  EXPECT_EQ(*p.access_token(), "A1");
  auto fresh = p.refresh_after_rejection("A1");
  ASSERT_TRUE(fresh.ok());
  EXPECT_EQ(*fresh, "A2");
  ASSERT_EQ(persisted.size(), 1u);
  EXPECT_EQ(persisted[0].refresh_token, "R2");
  // A late 401 for the old token does not refresh again.
  EXPECT_EQ(*p.refresh_after_rejection("A1"), "A2");
  EXPECT_EQ(p.refreshes(), 1);
}

TEST(oauth_token_provider, refreshes_ahead_of_expiry) {
  auto t = std::make_shared<fake_transport>();
  t->push(200, R"({"access_token":"A2","refresh_token":"R2","expires_in":86400})");
  auto clk = std::make_shared<manual_clock>();
  auto oauth = std::make_shared<oauth_client>(config(), t, nullptr, retry_policy{}, clk);
  oauth_token_provider p{oauth, token_set{"A1", "R1", "Bearer", 86400}, clk->now() + 24h, {}, clk};
  clk->advance(24h - 4min);
  EXPECT_EQ(*p.access_token(), "A2");
}

TEST(oauth_token_provider, stored_wall_clock_expiry_maps_onto_the_clock) {
  auto clk = std::make_shared<manual_clock>();
  const auto at = expiry_on(*clk, std::chrono::system_clock::now() + 1h);
  EXPECT_GT(at - clk->now(), 59min);
  EXPECT_LE(at - clk->now(), 1h);
}

TEST(oauth_token_provider, failed_persist_keeps_the_new_token_out_of_use) {
  auto t = std::make_shared<fake_transport>();
  t->push(200, R"({"access_token":"A2","refresh_token":"R2","expires_in":86400})");
  auto clk = std::make_shared<manual_clock>();
  auto oauth = std::make_shared<oauth_client>(config(), t, nullptr, retry_policy{}, clk);
  oauth_token_provider p{
    oauth, token_set{"A1", "R1", "Bearer", 86400}, std::nullopt,
    [](const token_set&) { return std::optional<error>{make_error(error_kind::retryable, "db down")}; }, clk};
  auto r = p.refresh_after_rejection("A1");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, error_kind::retryable);
  EXPECT_EQ(p.current().access_token, "A1");
}

TEST(oauth_token_provider, invalid_grant_sticks_as_needs_reauth) {
  auto t = std::make_shared<fake_transport>();
  t->push(400, read_fixture("token_invalid_grant.json"));
  auto clk = std::make_shared<manual_clock>();
  auto oauth = std::make_shared<oauth_client>(config(), t, nullptr, retry_policy{}, clk);
  oauth_token_provider p{oauth, token_set{"A1", "R1", "Bearer", 86400}, std::nullopt, {}, clk};
  EXPECT_EQ(p.refresh_after_rejection("A1").error().kind, error_kind::needs_reauth);
  EXPECT_EQ(p.access_token().error().kind, error_kind::needs_reauth);
  EXPECT_EQ(t->sent().size(), 1u);
}

} // namespace
} // namespace upsync::upwork
