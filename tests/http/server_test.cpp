// The HTTP server itself: keep-alive, limits, slow clients and graceful shutdown.
#include "http/api_error.hpp"
#include "http/server.hpp"
#include "tests/support/http_client.hpp"

#include <future>
#include <gtest/gtest.h>
#include <thread>

using namespace upsync;
using upsync::testing::http_client;

namespace {

http::response ok(const http::request& req, std::string body) {
  http::response res{boost::beast::http::status::ok, req.version()};
  res.keep_alive(req.keep_alive());
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

} // namespace

TEST(http_server, serves_many_requests_on_one_keep_alive_connection) {
  http::server srv{{"127.0.0.1", 0}, [](http::request&& req) { return ok(req, std::string{req.target()}); }};
  srv.start();
  http_client client{srv.port()};
  for (int i = 0; i < 50; ++i) {
    auto r = client.get("/n/" + std::to_string(i));
    ASSERT_EQ(r.status, 200u);
    EXPECT_EQ(r.body, "/n/" + std::to_string(i));
  }
  EXPECT_EQ(srv.connections(), 1u);
}

TEST(http_server, a_malformed_request_line_gets_400_and_the_connection_closes) {
  http::server srv{{"127.0.0.1", 0}, [](http::request&& req) { return ok(req, "x"); }};
  srv.start();
  http_client client{srv.port()};
  auto answer = client.raw_exchange("GARBAGE\r\n\r\n");
  EXPECT_NE(answer.find("400"), std::string::npos) << answer;
  EXPECT_NE(answer.find("invalid_request"), std::string::npos);
}

TEST(http_server, oversized_headers_are_refused) {
  http::server srv{{"127.0.0.1", 0}, [](http::request&& req) { return ok(req, "x"); }};
  srv.start();
  http_client client{srv.port()};
  auto answer = client.raw_exchange("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(64 * 1024, 'a') + "\r\n\r\n");
  EXPECT_NE(answer.find("431"), std::string::npos) << answer.substr(0, 200);
}

TEST(http_server, a_slow_client_is_cut_off_after_the_read_timeout) {
  http::server_options options{"127.0.0.1", 0};
  options.read_timeout = std::chrono::seconds(1);
  http::server srv{options, [](http::request&& req) { return ok(req, "x"); }};
  srv.start();
  http_client client{srv.port()};
  auto started = std::chrono::steady_clock::now();
  // Headers never finish: raw_exchange returns when the server closes the connection.
  auto answer = client.raw_exchange("GET / HTTP/1.1\r\nHost: x\r\n");
  auto waited = std::chrono::steady_clock::now() - started;
  EXPECT_TRUE(answer.empty());
  EXPECT_LT(waited, std::chrono::seconds(10));
}

TEST(http_server, stop_lets_an_in_flight_request_finish) {
  std::promise<void> entered, release;
  auto release_future = release.get_future().share();
  http::server srv{{"127.0.0.1", 0}, [&](http::request&& req) {
                     entered.set_value();
                     release_future.wait();
                     return ok(req, "finished");
                   }};
  srv.start();
  auto reply = std::async(std::launch::async, [port = srv.port()] {
    http_client client{port};
    return client.get("/slow");
  });
  entered.get_future().wait();
  auto stopped = std::async(std::launch::async, [&] { srv.stop(); });
  // stop() must wait for the handler rather than return while it runs.
  EXPECT_EQ(stopped.wait_for(std::chrono::milliseconds(200)), std::future_status::timeout);
  release.set_value();
  stopped.get();
  auto r = reply.get();
  EXPECT_EQ(r.status, 200u);
  EXPECT_EQ(r.body, "finished");
  EXPECT_FALSE(r.keep_alive); // told to close, since the server is going away
}

TEST(http_server, handler_exceptions_become_500_without_killing_the_server) {
  http::server srv{{"127.0.0.1", 0}, [](http::request&& req) -> http::response {
                     if (req.target() == "/boom")
                       throw std::runtime_error("boom");
                     return ok(req, "fine");
                   }};
  srv.start();
  http_client client{srv.port()};
  EXPECT_EQ(client.get("/boom").status, 500u);
  EXPECT_EQ(client.get("/fine").status, 200u);
}
