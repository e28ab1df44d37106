// The Beast client and the whole client stack against a scripted loopback server: status
// handling, timeouts, size limit, keep-alive reuse, and verified TLS. The TLS fixtures are
// test-only: a throwaway CA (key deleted after signing), a certificate for
// 127.0.0.1/localhost and one for another host name.
#include "protocol/upwork/beast_http_client.hpp"
#include "protocol/upwork/upwork_client.hpp"
#include "test_server.hpp"

#include <atomic>
#include <gtest/gtest.h>

namespace upsync::upwork {
namespace {

using namespace std::chrono_literals;
using testing::fixture_dir;
using testing::make_reply;
using testing::scripted_reply;
using testing::seen_request;
using testing::test_server;

const std::string org_body = R"({"data":{"organization":{"id":"1","name":"One"}}})";

scripted_reply ok_reply() { return make_reply(200, {}, org_body); }

http_request post(const std::string& url) {
  http_request r;
  r.url = url;
  r.body = "{}";
  r.headers.push_back({"Content-Type", "application/json"});
  return r;
}

TEST(beast_http_client, posts_and_reads_the_answer) {
  test_server server{[](const seen_request& r) {
    return make_reply(201, {{"X-Echo", r.header("X-Test")}}, r.method + " " + r.target + " " + r.body);
  }};
  beast_http_client client;
  auto req = post(server.url("/graphql?x=1"));
  req.headers.push_back({"X-Test", "yes"});
  auto r = client.send(req);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->status, 201);
  EXPECT_EQ(r->body, "POST /graphql?x=1 {}");
  EXPECT_EQ(r->header("x-echo"), "yes");
}

TEST(beast_http_client, reuses_the_kept_alive_connection) {
  test_server server{[](const seen_request&) { return ok_reply(); }};
  beast_http_client client;
  for (int i = 0; i < 5; ++i)
    ASSERT_TRUE(client.send(post(server.url("/graphql"))).ok());
  EXPECT_EQ(server.connections(), 1u);
  EXPECT_EQ(client.connections_opened(), 1u);
}

TEST(beast_http_client, reconnects_when_the_server_closes) {
  test_server server{[](const seen_request&) {
    auto r = ok_reply();
    r.close_after = true;
    return r;
  }};
  beast_http_client client;
  for (int i = 0; i < 3; ++i)
    ASSERT_TRUE(client.send(post(server.url("/graphql"))).ok());
  EXPECT_EQ(server.connections(), 3u);
}

TEST(beast_http_client, a_silently_dropped_idle_connection_is_replaced) {
  // The server drops the kept-alive connection at the second request without answering:
  // nothing of the answer came back, so the client sends it again on a new connection.
  std::atomic<int> n{0};
  test_server server{[&](const seen_request&) {
    auto r = ok_reply();
    if (++n == 2)
      r.drop = true;
    return r;
  }};
  beast_http_client client;
  ASSERT_TRUE(client.send(post(server.url("/graphql"))).ok());
  auto r = client.send(post(server.url("/graphql")));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(server.connections(), 2u);
}

TEST(beast_http_client, read_timeout_is_retryable) {
  test_server server{[](const seen_request&) {
    auto r = ok_reply();
    r.delay = 1500ms;
    return r;
  }};
  http_client_options o;
  o.request_timeout = 150ms;
  beast_http_client client{o};
  const auto start = std::chrono::steady_clock::now();
  auto r = client.send(post(server.url("/graphql")));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, error_kind::retryable);
  EXPECT_NE(r.error().message.find("timeout"), std::string::npos) << r.error().message;
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1200ms); // gave up before the answer
}

TEST(beast_http_client, connection_closed_without_answer_is_retryable) {
  test_server server{[](const seen_request&) {
    auto r = ok_reply();
    r.drop = true;
    return r;
  }};
  beast_http_client client;
  auto r = client.send(post(server.url("/graphql")));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, error_kind::retryable) << r.error().message;
}

TEST(beast_http_client, answer_cut_short_is_retryable) {
  test_server server{[](const seen_request&) {
    scripted_reply r;
    r.raw = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"data\":";
    return r;
  }};
  beast_http_client client;
  auto r = client.send(post(server.url("/graphql")));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, error_kind::retryable) << r.error().message;
}

TEST(beast_http_client, garbage_instead_of_http_is_malformed) {
  test_server server{[](const seen_request&) {
    scripted_reply r;
    r.raw = "SSH-2.0-OpenSSH_9.2\r\n";
    return r;
  }};
  beast_http_client client;
  auto r = client.send(post(server.url("/graphql")));
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.error().is_transient()) << r.error().message;
}

TEST(beast_http_client, connection_refused_is_retryable) {
  std::string url;
  {
    test_server gone{[](const seen_request&) { return ok_reply(); }};
    url = gone.url("/graphql");
  }
  beast_http_client client;
  auto r = client.send(post(url));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, error_kind::retryable);
}

TEST(beast_http_client, oversized_body_is_refused) {
  test_server server{[](const seen_request&) { return make_reply(200, {}, std::string(64 * 1024, 'x')); }};
  http_client_options o;
  o.max_body_bytes = 1024;
  beast_http_client client{o};
  auto r = client.send(post(server.url("/graphql")));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, error_kind::permanent);
  EXPECT_NE(r.error().message.find("larger than 1024 bytes"), std::string::npos);
}

TEST(beast_http_client, oversized_chunked_body_is_refused) {
  test_server server{[](const seen_request&) {
    auto r = make_reply(200, {}, std::string(64 * 1024, 'x'));
    r.chunked = true;
    return r;
  }};
  http_client_options o;
  o.max_body_bytes = 1024;
  beast_http_client client{o};
  auto r = client.send(post(server.url("/graphql")));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, error_kind::permanent);
  // A small chunked answer is read whole.
  test_server small{[](const seen_request&) {
    auto r = make_reply(200, {}, org_body);
    r.chunked = true;
    return r;
  }};
  auto ok = client.send(post(small.url("/graphql")));
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->body, org_body);
}

TEST(beast_http_client, header_injection_is_refused) {
  test_server server{[](const seen_request&) { return ok_reply(); }};
  beast_http_client client;
  auto req = post(server.url("/graphql"));
  req.headers.push_back({"X-Upwork-API-TenantId", "1\r\nX-Evil: 1"});
  auto r = client.send(req);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, error_kind::config);
  EXPECT_TRUE(server.requests().empty());
}

TEST(beast_http_client, plain_http_only_to_loopback) {
  beast_http_client client;
  auto r = client.send(post("http://api.upwork.com/graphql"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, error_kind::config);
  EXPECT_EQ(client.send(post("ftp://x/")).error().kind, error_kind::config);
}

// -- TLS ----------------------------------------------------------------------------

std::string tls(const std::string& name) { return fixture_dir() + "/tls/" + name; }

TEST(beast_http_client_tls, verified_connection_to_a_trusted_certificate) {
  test_server server{[](const seen_request&) { return ok_reply(); }, tls("server.pem"), tls("server.key")};
  http_client_options o;
  o.ca_file = tls("ca.pem");
  beast_http_client client{o};
  for (int i = 0; i < 3; ++i) {
    auto r = client.send(post(server.url("/graphql")));
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->body, org_body);
  }
  EXPECT_EQ(server.connections(), 1u);
  // By host name too: SNI and the DNS name in the certificate.
  auto r = client.send(post("https://localhost:" + std::to_string(server.port()) + "/graphql"));
  ASSERT_TRUE(r.ok()) << r.error().message;
}

TEST(beast_http_client_tls, untrusted_certificate_is_refused) {
  test_server server{[](const seen_request&) { return ok_reply(); }, tls("server.pem"), tls("server.key")};
  beast_http_client client; // system trust store only
  auto r = client.send(post(server.url("/graphql")));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, error_kind::permanent);
  EXPECT_NE(r.error().message.find("certificate verify failed"), std::string::npos) << r.error().message;
  EXPECT_TRUE(server.requests().empty());
}

TEST(beast_http_client_tls, certificate_for_another_host_is_refused) {
  test_server server{[](const seen_request&) { return ok_reply(); }, tls("wrong_host.pem"), tls("wrong_host.key")};
  http_client_options o;
  o.ca_file = tls("ca.pem");
  beast_http_client client{o};
  auto r = client.send(post(server.url("/graphql")));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, error_kind::permanent);
  EXPECT_TRUE(server.requests().empty());
}

// -- the whole stack ------------------------------------------------------------------

struct stack {
  std::shared_ptr<beast_http_client> http;
  std::shared_ptr<static_token_provider> tokens = std::make_shared<static_token_provider>("tok");
  std::shared_ptr<request_budget> budget = std::make_shared<request_budget>(request_budget::options{1000.0, 1.0});
  upwork_client client;

  stack(const test_server& server, http_client_options o = {}, int attempts = 4)
      : http(std::make_shared<beast_http_client>(o)), client(make_options(server, attempts), http, tokens, budget) {}

  static client_options make_options(const test_server& server, int attempts) {
    client_options c;
    c.graphql_url = server.url("/graphql");
    c.retry.max_attempts = attempts;
    c.retry.base_delay = 10ms;
    c.retry.max_delay = 50ms;
    return c;
  }
};

TEST(client_over_http, 429_with_and_without_retry_after_then_success) {
  std::atomic<int> n{0};
  test_server server{[&](const seen_request&) {
    switch (++n) {
    case 1: return make_reply(429, {{"Retry-After", "0.2"}}, "");
    case 2: return make_reply(429, {}, "");
    default: return ok_reply();
    }
  }};
  stack s{server};
  const auto start = std::chrono::steady_clock::now();
  auto r = s.client.organization_info("42");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_GE(std::chrono::steady_clock::now() - start, 200ms);
  EXPECT_EQ(s.client.stats().throttled, 2u);
  const auto seen = server.requests();
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[2].header("X-Upwork-API-TenantId"), "42");
  EXPECT_EQ(seen[2].header("Authorization"), "Bearer tok");
  EXPECT_EQ(server.connections(), 1u); // error answers keep the connection too
}

TEST(client_over_http, 5xx_then_success) {
  std::atomic<int> n{0};
  test_server server{[&](const seen_request&) {
    return ++n < 3 ? make_reply(n == 1 ? 502 : 503, {}, "<html>oops</html>") : ok_reply();
  }};
  stack s{server};
  ASSERT_TRUE(s.client.organization_info("1").ok());
  EXPECT_EQ(server.requests().size(), 3u);
}

TEST(client_over_http, 401_then_success_after_refresh) {
  std::atomic<int> n{0};
  test_server server{[&](const seen_request& r) {
    if (r.header("Authorization") != "Bearer fresh")
      return make_reply(401, {}, "");
    ++n;
    return ok_reply();
  }};
  class refreshing : public token_provider {
  public:
    result<std::string> access_token() override { return token; }
    result<std::string> refresh_after_rejection(std::string_view) override {
      token = "fresh";
      return token;
    }
    std::string token = "stale";
  };
  auto tokens = std::make_shared<refreshing>();
  client_options o;
  o.graphql_url = server.url("/graphql");
  upwork_client c{o, std::make_shared<beast_http_client>(), tokens, std::make_shared<request_budget>()};
  ASSERT_TRUE(c.organization_info("1").ok());
  EXPECT_EQ(server.requests().size(), 2u);
  EXPECT_EQ(c.stats().refreshes, 1u);
}

TEST(client_over_http, timeouts_are_retried) {
  std::atomic<int> n{0};
  test_server server{[&](const seen_request&) {
    auto r = ok_reply();
    if (++n == 1)
      r.delay = 1500ms;
    return r;
  }};
  http_client_options o;
  o.request_timeout = 400ms;
  stack s{server, o};
  auto r = s.client.organization_info("1");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(server.requests().size(), 2u);
}

TEST(client_over_http, oversized_body_is_not_retried) {
  test_server server{[](const seen_request&) { return make_reply(200, {}, std::string(8192, ' ') + "{}"); }};
  http_client_options o;
  o.max_body_bytes = 4096;
  stack s{server, o};
  auto r = s.client.organization_info("1");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, error_kind::permanent);
  EXPECT_EQ(server.requests().size(), 1u);
}

} // namespace
} // namespace upsync::upwork
