// The GraphQL client's behaviour with scripted answers: paging, headers, retries,
// refresh-once on 401, partial data, and the request budget.
#include "fake_transport.hpp"
#include "protocol/upwork/upwork_client.hpp"
#include "test_server.hpp"
#include "tests/support/memory_request_ledger.hpp"

#include <gtest/gtest.h>

namespace upsync::upwork {
namespace {

using namespace std::chrono_literals;
using testing::fake_transport;
using testing::header_of;
using testing::read_fixture;

/// Hands out "T1", and "T2", "T3"... after each refresh; or fails refreshes with `fail_with`.
class counting_tokens : public token_provider {
public:
  result<std::string> access_token() override { return "T" + std::to_string(n_); }
  result<std::string> refresh_after_rejection(std::string_view) override {
    if (fail_with)
      return *fail_with;
    ++n_;
    return "T" + std::to_string(n_);
  }
  int refreshes() const { return n_ - 1; }
  std::optional<error> fail_with;

private:
  int n_ = 1;
};

struct client_fixture : ::testing::Test {
  std::shared_ptr<fake_transport> transport = std::make_shared<fake_transport>();
  std::shared_ptr<counting_tokens> tokens = std::make_shared<counting_tokens>();
  std::shared_ptr<manual_clock> clk = std::make_shared<manual_clock>();
  std::shared_ptr<request_budget> budget = std::make_shared<request_budget>(request_budget::options{8.0, 1.0}, clk);

  upwork_client make(client_options o = {}) {
    o.graphql_url = "http://127.0.0.1:1/graphql";
    return upwork_client{o, transport, tokens, budget, clk, [] { return 0.5; }};
  }
};

const std::string org_body = R"({"data":{"organization":{"id":"1","name":"One"}}})";

TEST_F(client_fixture, sends_bearer_tenant_and_json) {
  transport->push(200, org_body);
  auto c = make();
  auto r = c.organization_info("1384713489372938241");
  ASSERT_TRUE(r.ok()) << r.error().message;
  const auto req = transport->sent().at(0);
  EXPECT_EQ(req.url, "http://127.0.0.1:1/graphql");
  EXPECT_EQ(header_of(req, "Authorization"), "Bearer T1");
  EXPECT_EQ(header_of(req, "X-Upwork-API-TenantId"), "1384713489372938241");
  EXPECT_EQ(header_of(req, "Content-Type"), "application/json");
}

TEST_F(client_fixture, no_tenant_header_without_tenant) {
  transport->push(200, read_fixture("company_selector.json"));
  auto c = make();
  ASSERT_TRUE(c.company_selector().ok());
  EXPECT_EQ(header_of(transport->sent().at(0), "X-Upwork-API-TenantId"), "");
}

TEST_F(client_fixture, follows_cursor_paging_to_the_end) {
  transport->push(200, read_fixture("staffs_page1.json"));
  transport->push(200, read_fixture("staffs_page2.json"));
  auto c = make();
  auto r = c.staffs("1");
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[2].user.id, "1409876543210987603");
  const auto sent = transport->sent();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].body.find("\"after\""), std::string::npos);
  EXPECT_NE(sent[1].body.find(R"("after":"Y3Vyc29yOjI=")"), std::string::npos);
}

TEST_F(client_fixture, a_repeating_cursor_stops_paging) {
  transport->push(200, read_fixture("staffs_page1.json"));
  transport->push(200, read_fixture("staffs_page1.json"));
  auto c = make();
  auto r = c.staffs("1");
  ASSERT_TRUE(r.partial());
  EXPECT_EQ(r.error().kind, error_kind::malformed);
  EXPECT_EQ(transport->sent().size(), 2u);
}

std::string vendor_page(int first_id, int count, int limit, int offset) {
  std::string s = R"({"data":{"vendorContracts":{"paging":{"limit":)" + std::to_string(limit) + R"(,"offset":)"
                  + std::to_string(offset) + R"(},"contracts":[)";
  for (int i = 0; i < count; ++i) {
    if (i)
      s += ',';
    s += R"({"id":")" + std::to_string(first_id + i) + R"(","status":"ACTIVE","deliveryModel":"HOURLY"})";
  }
  return s + "]}}}";
}

TEST_F(client_fixture, follows_offset_paging_to_a_short_page) {
  transport->push(200, vendor_page(100, 10, 10, 0));
  transport->push(200, vendor_page(110, 10, 10, 10));
  transport->push(200, vendor_page(120, 3, 10, 20));
  auto c = make();
  auto r = c.vendor_contracts("1", "1");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->size(), 23u);
  const auto sent = transport->sent();
  ASSERT_EQ(sent.size(), 3u);
  EXPECT_NE(sent[2].body.find(R"("offset":20)"), std::string::npos);
}

TEST_F(client_fixture, offset_paging_respects_a_smaller_server_limit) {
  transport->push(200, vendor_page(100, 5, 5, 0));
  transport->push(200, vendor_page(105, 2, 5, 5));
  auto c = make();
  auto r = c.vendor_contracts("1", "1");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->size(), 7u);
  EXPECT_NE(transport->sent()[1].body.find(R"("offset":5)"), std::string::npos);
}

TEST_F(client_fixture, time_report_pages_to_the_end) {
  transport->push(200, read_fixture("time_report_page1.json"));
  transport->push(200, read_fixture("time_report_page2.json"));
  auto c = make();
  auto r = c.time_report("1", "1", {date{2026, 8, 1}, date{2026, 8, 29}}, {});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->size(), 3u);
}

TEST_F(client_fixture, retry_after_on_429_is_honoured) {
  transport->push(429, "", {{"Retry-After", "3"}});
  transport->push(200, org_body);
  auto c = make();
  const auto start = clk->now();
  auto r = c.organization_info("1");
  ASSERT_TRUE(r.ok());
  // 3 s plus 10% jitter at u = 0.5.
  EXPECT_GE(clk->now() - start, 3s);
  EXPECT_LE(clk->now() - start, 3150ms + 125ms);
  EXPECT_EQ(c.stats().throttled, 1u);
  EXPECT_EQ(c.stats().retries, 1u);
}

TEST_F(client_fixture, a_429_without_retry_after_backs_off) {
  transport->push(429, "");
  transport->push(429, "");
  transport->push(200, org_body);
  auto c = make();
  const auto start = clk->now();
  ASSERT_TRUE(c.organization_info("1").ok());
  // Full jitter at u = 0.5: 125 ms then 250 ms.
  EXPECT_GE(clk->now() - start, 375ms);
  EXPECT_EQ(transport->sent().size(), 3u);
}

TEST_F(client_fixture, server_errors_and_timeouts_are_retried) {
  transport->push(502, "bad gateway");
  transport->push(503, "");
  transport->push_failure(make_error(error_kind::retryable, "read: timeout"));
  transport->push(504, "");
  transport->push(200, org_body);
  auto c = make();
  auto r = c.organization_info("1");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(transport->sent().size(), 5u);
}

TEST_F(client_fixture, retries_end_after_max_attempts) {
  transport->push(500, "");
  transport->push(500, "");
  transport->push(500, "");
  client_options o;
  o.retry.max_attempts = 3;
  auto c = make(o);
  auto r = c.organization_info("1");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, error_kind::retryable);
  EXPECT_EQ(r.error().http_status, 500);
  EXPECT_EQ(transport->sent().size(), 3u);
}

TEST_F(client_fixture, a_long_retry_after_is_handed_back_not_waited) {
  transport->push(429, "", {{"Retry-After", "3600"}});
  auto c = make();
  const auto start = clk->now();
  auto r = c.organization_info("1");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, error_kind::retryable);
  EXPECT_EQ(r.error().retry_after, 3600000ms);
  EXPECT_LT(clk->now() - start, 1s);
}

TEST_F(client_fixture, malformed_answers_are_retried) {
  transport->push(200, R"({"data":{"organization":{"id":"1","na)");
  transport->push(200, org_body);
  auto c = make();
  ASSERT_TRUE(c.organization_info("1").ok());
  EXPECT_EQ(transport->sent().size(), 2u);
}

TEST_F(client_fixture, a_401_refreshes_once_and_retries_with_the_new_token) {
  transport->push(401, "");
  transport->push(200, org_body);
  auto c = make();
  auto r = c.organization_info("1");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(tokens->refreshes(), 1);
  EXPECT_EQ(header_of(transport->sent().at(1), "Authorization"), "Bearer T2");
  EXPECT_EQ(c.stats().refreshes, 1u);
}

TEST_F(client_fixture, a_second_401_is_an_auth_error) {
  transport->push(401, "");
  transport->push(401, "");
  auto c = make();
  auto r = c.organization_info("1");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, error_kind::auth);
  EXPECT_EQ(tokens->refreshes(), 1);
  EXPECT_EQ(transport->sent().size(), 2u);
}

TEST_F(client_fixture, a_dead_grant_is_needs_reauth) {
  tokens->fail_with = make_error(error_kind::needs_reauth, "invalid_grant", 400);
  transport->push(401, "");
  auto c = make();
  auto r = c.organization_info("1");
  EXPECT_EQ(r.error().kind, error_kind::needs_reauth);
  EXPECT_EQ(transport->sent().size(), 1u);
}

TEST_F(client_fixture, other_4xx_are_permanent) {
  transport->push(403, R"({"message":"forbidden"})");
  auto c = make();
  auto r = c.organization_info("1");
  EXPECT_EQ(r.error().kind, error_kind::permanent);
  EXPECT_EQ(r.error().http_status, 403);
  EXPECT_EQ(transport->sent().size(), 1u);
}

TEST_F(client_fixture, graphql_validation_errors_are_not_retried) {
  transport->push(200, read_fixture("error_validation.json"));
  auto c = make();
  EXPECT_EQ(c.organization_info("1").error().kind, error_kind::permanent);
  EXPECT_EQ(transport->sent().size(), 1u);
}

TEST_F(client_fixture, transient_partial_data_is_fetched_again_whole) {
  transport->push(200, read_fixture("partial_staffs.json"));
  transport->push(200, read_fixture("staffs_page1.json"));
  transport->push(200, read_fixture("staffs_page2.json"));
  auto c = make();
  auto r = c.staffs("1");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->size(), 3u);
}

TEST_F(client_fixture, partial_data_that_stays_is_returned_with_its_error) {
  client_options o;
  o.retry.max_attempts = 2;
  transport->push(200, read_fixture("partial_staffs.json"));
  transport->push(200, read_fixture("partial_staffs.json"));
  auto c = make(o);
  auto r = c.staffs_page("1", "");
  ASSERT_TRUE(r.partial());
  EXPECT_EQ(r->items.size(), 1u);
  EXPECT_EQ(r.error().kind, error_kind::retryable);
}

TEST_F(client_fixture, every_request_takes_from_the_budget) {
  for (int i = 0; i < 17; ++i)
    transport->push(200, org_body);
  auto c = make();
  const auto start = clk->now();
  for (int i = 0; i < 17; ++i)
    ASSERT_TRUE(c.organization_info("1").ok());
  EXPECT_EQ(clk->now() - start, 2s); // 16 intervals of 125 ms
  EXPECT_EQ(budget->granted(), 17u);
}

TEST_F(client_fixture, every_request_sent_counts_for_its_grant_retries_included) {
  auto tally = std::make_shared<request_tally>([] { return std::int64_t{20682} * 86400; });
  tokens->count_requests_in(tally);
  transport->push(429, "", {{"Retry-After", "1"}});
  transport->push(200, org_body);
  transport->push(200, org_body);
  auto c = make();
  ASSERT_TRUE(c.organization_info("1").ok());
  ASSERT_TRUE(c.organization_info("1").ok());
  EXPECT_EQ(tally->today(), 3) << "the 429, its retry and the second call";
  budget->set_daily(std::make_shared<daily_budget>(
    daily_budget::options{1, 1}, std::make_shared<upsync::testing::memory_request_ledger>(), [] { return 0; }));
  budget->daily()->take(request_purpose::token); // the day's one request, spent elsewhere
  EXPECT_FALSE(c.organization_info("1").ok());
  EXPECT_EQ(tally->today(), 3) << "a request the daily budget refused was never sent";
}

// No published schema names companySelector's photoUrl: a server that refuses it, with a
// classified validation error or with a bare message naming the field, still lists its
// organizations (without photos), and is not asked for the field again.
TEST_F(client_fixture, a_server_that_refuses_photo_url_is_asked_again_without_it) {
  for (
    const std::string refusal :
    {R"({"errors":[{"message":"Validation error: field photoUrl undefined","extensions":{"classification":"ValidationError"}}]})",
     R"({"errors":[{"message":"Cannot query field \"photoUrl\" on type \"CompanySelectorItem\"."}]})"}) {
    SCOPED_TRACE(refusal);
    transport = std::make_shared<fake_transport>([refusal](const http_request& req) -> result<http_response> {
      http_response answer;
      answer.status = 200;
      answer.body = req.body.find("photoUrl") != std::string::npos ? refusal : read_fixture("company_selector.json");
      return answer;
    });
    auto c = make();
    auto first = c.company_selector();
    ASSERT_TRUE(first.ok()) << first.error().message;
    EXPECT_FALSE(first->empty());
    ASSERT_TRUE(c.company_selector().ok());
    const auto sent = transport->sent();
    ASSERT_EQ(sent.size(), 3u);
    EXPECT_NE(sent[0].body.find("photoUrl"), std::string::npos);
    EXPECT_EQ(sent[1].body.find("photoUrl"), std::string::npos);
    EXPECT_EQ(sent[2].body.find("photoUrl"), std::string::npos);
  }
}

TEST_F(client_fixture, a_failure_that_is_not_about_the_photo_is_not_blamed_on_it) {
  transport->push(200,
                  R"({"errors":[{"message":"Internal error","extensions":{"classification":"ExecutionAborted"}}]})");
  transport->push(200, read_fixture("company_selector.json"));
  client_options once;
  once.retry.max_attempts = 1;
  auto c = make(once);
  auto r = c.company_selector();
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, error_kind::retryable);
  // The retryable failure came back as it was; the next call asks for photos again.
  ASSERT_TRUE(c.company_selector().ok());
  EXPECT_EQ(transport->sent().size(), 2u);
  EXPECT_NE(transport->sent().back().body.find("photoUrl"), std::string::npos);
}

} // namespace
} // namespace upsync::upwork
