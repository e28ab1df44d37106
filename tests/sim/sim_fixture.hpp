// Test fixture: an in-process simulator on an ephemeral port, OAuth and GraphQL helpers.
#pragma once

#include "sim/simulator.hpp"
#include "tests/sim/http_client.hpp"

#include <gtest/gtest.h>
#include <memory>
#include <optional>
#include <simdjson.h>
#include <string>

namespace upsync::sim::testing {

/// A parsed JSON answer with JSON-pointer accessors that fail the test on misuse.
class json_doc {
public:
  explicit json_doc(const std::string& text);
  bool valid() const { return valid_; }
  bool has(const std::string& pointer) const;
  bool is_null(const std::string& pointer) const;
  std::string str(const std::string& pointer) const;
  /// A number, or a numeric string (Upwork sends both).
  double num(const std::string& pointer) const;
  bool boolean(const std::string& pointer) const;
  std::size_t size(const std::string& pointer) const;
  simdjson::dom::element at(const std::string& pointer) const;

private:
  std::unique_ptr<simdjson::dom::parser> parser_;
  simdjson::dom::element root_;
  bool valid_ = false;
};

/// Options every test starts from: a frozen clock at a fixed instant, so data and "today"
/// never move during a test; no request logging.
sim_options test_options();
constexpr const char* test_start = "2026-08-15T12:00:00Z";
constexpr const char* test_redirect = "http://localhost:8080/callback";

/// The body of a GraphQL request.
std::string graphql_body(const std::string& query, const std::string& variables_json = {});

class sim_test : public ::testing::Test {
protected:
  void TearDown() override;

  void start(sim_options options = test_options());
  const http_client& http() const { return *http_; }

  /// Runs the real OAuth flow over HTTP (authorize redirect, code exchange) and returns the
  /// token answer.
  json_doc authorize(const std::string& client_id = "test-client", const std::string& login_hint = {});
  /// An access token from authorize().
  std::string token(const std::string& client_id = "test-client", const std::string& login_hint = {});

  http_result post_graphql(const std::string& query, const std::string& variables_json = {},
                           const std::string& tenant = {}, const std::string& token = {});
  /// post_graphql that expects HTTP 200 with valid JSON.
  json_doc graphql(const std::string& query, const std::string& variables_json = {}, const std::string& tenant = {});
  http_result control_post(const std::string& path, const std::string& json_body);

  std::unique_ptr<simulator> sim_;
  std::optional<http_client> http_;
  std::string token_;
};

} // namespace upsync::sim::testing
