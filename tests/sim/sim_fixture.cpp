// The simulator test fixture.
#include "tests/sim/sim_fixture.hpp"

#include "common/json_writer.hpp"
#include "sim/civil_time.hpp"
#include "sim/url_codec.hpp"

#include <spdlog/spdlog.h>

namespace upsync::sim::testing {

json_doc::json_doc(const std::string& text) : parser_(std::make_unique<simdjson::dom::parser>()) {
  valid_ = !parser_->parse(text).get(root_);
}

simdjson::dom::element json_doc::at(const std::string& pointer) const {
  simdjson::dom::element e;
  auto err = root_.at_pointer(pointer).get(e);
  if (err)
    ADD_FAILURE() << "no JSON value at " << pointer;
  return e;
}

bool json_doc::has(const std::string& pointer) const {
  simdjson::dom::element e;
  return valid_ && !root_.at_pointer(pointer).get(e);
}

bool json_doc::is_null(const std::string& pointer) const { return at(pointer).is_null(); }

std::string json_doc::str(const std::string& pointer) const {
  std::string_view s;
  if (at(pointer).get_string().get(s)) {
    ADD_FAILURE() << pointer << " is not a string";
    return {};
  }
  return std::string{s};
}

double json_doc::num(const std::string& pointer) const {
  auto e = at(pointer);
  if (e.is_string())
    return std::stod(std::string{e.get_string().value()});
  double d = 0;
  if (e.get_double().get(d)) {
    std::int64_t i = 0;
    if (e.get_int64().get(i))
      ADD_FAILURE() << pointer << " is not a number";
    return static_cast<double>(i);
  }
  return d;
}

bool json_doc::boolean(const std::string& pointer) const {
  bool b = false;
  if (at(pointer).get_bool().get(b))
    ADD_FAILURE() << pointer << " is not a boolean";
  return b;
}

std::size_t json_doc::size(const std::string& pointer) const {
  auto e = at(pointer);
  if (e.is_array())
    return e.get_array().size();
  if (e.is_object())
    return e.get_object().size();
  ADD_FAILURE() << pointer << " is neither array nor object";
  return 0;
}

sim_options test_options() {
  sim_options o;
  o.start_ms = *parse_iso_instant(test_start);
  o.frozen_clock = true;
  o.threads = 2;
  spdlog::set_level(spdlog::level::warn);
  return o;
}

std::string graphql_body(const std::string& query, const std::string& variables_json) {
  std::string body = "{\"query\":";
  json::append_quoted(body, query);
  if (!variables_json.empty())
    body += ",\"variables\":" + variables_json;
  return body + "}";
}

void sim_test::TearDown() {
  if (sim_)
    sim_->stop();
}

void sim_test::start(sim_options options) {
  sim_ = std::make_unique<simulator>(std::move(options));
  http_.emplace(sim_->start());
}

json_doc sim_test::authorize(const std::string& client_id, const std::string& login_hint) {
  std::string target = "/ab/account-security/oauth2/authorize?response_type=code&client_id=" + url_encode(client_id)
                       + "&redirect_uri=" + url_encode(test_redirect) + "&state=s1";
  if (!login_hint.empty())
    target += "&login_hint=" + url_encode(login_hint);
  auto redirect = http().get(target);
  EXPECT_EQ(redirect.status, 302);
  auto location = redirect.header("location");
  auto q = location.find('?');
  auto params = parse_form(q == std::string::npos ? "" : location.substr(q + 1));
  EXPECT_EQ(params["state"], "s1");
  auto body = "grant_type=authorization_code&code=" + params["code"] + "&redirect_uri=" + url_encode(test_redirect)
              + "&client_id=" + url_encode(client_id) + "&client_secret=secret";
  auto res = http().post("/api/v3/oauth2/token", body, "application/x-www-form-urlencoded");
  EXPECT_EQ(res.status, 200) << res.body;
  return json_doc{res.body};
}

std::string sim_test::token(const std::string& client_id, const std::string& login_hint) {
  return authorize(client_id, login_hint).str("/access_token");
}

http_result sim_test::post_graphql(const std::string& query, const std::string& variables_json,
                                   const std::string& tenant, const std::string& token) {
  if (token_.empty() && token.empty())
    token_ = this->token();
  header_list headers{{"Authorization", "Bearer " + (token.empty() ? token_ : token)}};
  if (!tenant.empty())
    headers.emplace_back("X-Upwork-API-TenantId", tenant);
  return http().post("/graphql", graphql_body(query, variables_json), "application/json", headers);
}

json_doc sim_test::graphql(const std::string& query, const std::string& variables_json, const std::string& tenant) {
  auto res = post_graphql(query, variables_json, tenant);
  EXPECT_EQ(res.status, 200) << res.body;
  json_doc doc{res.body};
  EXPECT_TRUE(doc.valid()) << res.body;
  return doc;
}

http_result sim_test::control_post(const std::string& path, const std::string& json_body) {
  return http().post(path, json_body, "application/json");
}

} // namespace upsync::sim::testing
