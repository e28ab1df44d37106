// OAuth2 over HTTP: authorize redirect, code exchange, expiry, rotation, error bodies.
#include "sim/url_codec.hpp"
#include "tests/sim/sim_fixture.hpp"

#include <regex>

namespace upsync::sim::testing {
namespace {

const std::string form = "application/x-www-form-urlencoded";
const std::string token_path = "/api/v3/oauth2/token";

class oauth : public sim_test {
protected:
  void SetUp() override { start(); }

  std::string code(const std::string& client_id = "test-client") {
    auto r = http().get("/ab/account-security/oauth2/authorize?response_type=code&client_id=" + client_id
                        + "&redirect_uri=" + url_encode(test_redirect) + "&state=xyz");
    EXPECT_EQ(r.status, 302);
    auto loc = r.header("location");
    return parse_form(loc.substr(loc.find('?') + 1))["code"];
  }

  http_result refresh(const std::string& refresh_token) {
    return http().post(
      token_path,
      "grant_type=refresh_token&refresh_token=" + refresh_token + "&client_id=test-client&client_secret=secret", form);
  }

  int graphql_status(const std::string& access) {
    return post_graphql("{ organization { id } }", {}, {}, access).status;
  }

  void advance_hours(int hours) {
    auto r = control_post("/__control/clock/advance", "{\"hours\":" + std::to_string(hours) + "}");
    ASSERT_EQ(r.status, 200);
  }
};

TEST_F(oauth, authorize_redirects_back_with_code_and_state) {
  auto r = http().get("/ab/account-security/oauth2/authorize?response_type=code&client_id=abc"
                      "&redirect_uri=http%3A%2F%2Flocalhost%2Fcb%3Fx%3D1&state=st%20ate");
  ASSERT_EQ(r.status, 302);
  auto loc = r.header("location");
  EXPECT_EQ(loc.rfind("http://localhost/cb?x=1&code=", 0), 0u) << loc;
  EXPECT_NE(loc.find("state=st%20ate"), std::string::npos) << loc;
}

TEST_F(oauth, a_scope_parameter_is_refused_with_invalid_scope) {
  auto r = http().get("/ab/account-security/oauth2/authorize?response_type=code&client_id=abc"
                      "&redirect_uri=http%3A%2F%2Flocalhost%2Fcb&state=s&scope=r_basic");
  ASSERT_EQ(r.status, 302);
  auto params = parse_form(r.header("location").substr(r.header("location").find('?') + 1));
  EXPECT_EQ(params["error"], "invalid_scope");
  EXPECT_EQ(params["state"], "s");
  EXPECT_EQ(params.count("code"), 0u);
}

TEST_F(oauth, code_exchange_returns_upwork_shaped_tokens) {
  auto doc = authorize();
  std::regex shape{"oauth2v2_[0-9a-f]{32}"};
  EXPECT_TRUE(std::regex_match(doc.str("/access_token"), shape));
  EXPECT_TRUE(std::regex_match(doc.str("/refresh_token"), shape));
  EXPECT_EQ(doc.str("/token_type"), "Bearer");
  EXPECT_EQ(doc.num("/expires_in"), 86400);
  EXPECT_EQ(graphql_status(doc.str("/access_token")), 200);
}

TEST_F(oauth, client_credentials_work_as_http_basic) {
  auto c = code();
  auto r =
    http().post(token_path, "grant_type=authorization_code&code=" + c + "&redirect_uri=" + url_encode(test_redirect),
                form, {{"Authorization", "Basic " + base64_encode("test-client:secret")}});
  EXPECT_EQ(r.status, 200) << r.body;
}

TEST_F(oauth, a_code_is_single_use_and_bound_to_its_redirect_uri) {
  auto c = code();
  auto body = "grant_type=authorization_code&code=" + c + "&client_id=test-client&client_secret=secret&redirect_uri=";
  auto wrong = http().post(token_path, body + url_encode("http://evil/cb"), form);
  EXPECT_EQ(wrong.status, 400);
  EXPECT_EQ(json_doc{wrong.body}.str("/error"), "invalid_grant");
  EXPECT_EQ(http().post(token_path, body + url_encode(test_redirect), form).status, 200);
  auto again = http().post(token_path, body + url_encode(test_redirect), form);
  EXPECT_EQ(again.status, 400);
  EXPECT_EQ(json_doc{again.body}.str("/error"), "invalid_grant");
}

TEST_F(oauth, missing_client_id_is_invalid_request_as_documented) {
  auto r = http().post(token_path, "grant_type=refresh_token&refresh_token=x", form);
  EXPECT_EQ(r.status, 400);
  json_doc doc{r.body};
  EXPECT_EQ(doc.str("/error"), "invalid_request");
  EXPECT_EQ(doc.str("/error_description"), "Missing parameters: client_id");
}

TEST_F(oauth, unknown_refresh_token_is_invalid_grant_as_documented) {
  auto r = refresh("oauth2v2_00000000000000000000000000000000");
  EXPECT_EQ(r.status, 400);
  json_doc doc{r.body};
  EXPECT_EQ(doc.str("/error"), "invalid_grant");
  EXPECT_EQ(doc.str("/error_description"), "Refresh token is expired or revoked or not registered");
}

TEST_F(oauth, unsupported_grant_type_is_refused) {
  auto r = http().post(token_path, "grant_type=password&client_id=a&client_secret=b", form);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(json_doc{r.body}.str("/error"), "unsupported_grant_type");
}

TEST_F(oauth, a_configured_client_secret_is_enforced) {
  auto o = test_options();
  o.oauth.client_secret = "right";
  sim_->stop();
  start(o);
  auto c = code();
  auto r = http().post(token_path,
                       "grant_type=authorization_code&code=" + c + "&redirect_uri=" + url_encode(test_redirect)
                         + "&client_id=test-client&client_secret=wrong",
                       form);
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(json_doc{r.body}.str("/error"), "invalid_client");
}

TEST_F(oauth, access_tokens_expire_after_24_simulated_hours) {
  auto access = token();
  advance_hours(23);
  EXPECT_EQ(graphql_status(access), 200);
  advance_hours(1);
  auto r = post_graphql("{ organization { id } }", {}, {}, access);
  EXPECT_EQ(r.status, 401);
  EXPECT_NE(r.header("www-authenticate").find("invalid_token"), std::string::npos);
}

TEST_F(oauth, refresh_rotates_and_the_old_refresh_token_dies_24h_later) {
  auto first = authorize();
  auto old_refresh = first.str("/refresh_token");
  auto r1 = refresh(old_refresh);
  ASSERT_EQ(r1.status, 200) << r1.body;
  json_doc rotated{r1.body};
  auto new_refresh = rotated.str("/refresh_token");
  EXPECT_NE(new_refresh, old_refresh);
  EXPECT_NE(rotated.str("/access_token"), first.str("/access_token"));
  EXPECT_EQ(graphql_status(rotated.str("/access_token")), 200);

  // Within the grace period the old token still works (a client that crashed may retry)…
  advance_hours(23);
  EXPECT_EQ(refresh(old_refresh).status, 200);
  // …24 hours after the rotation it is dead, while the new one lives on.
  advance_hours(1);
  auto dead = refresh(old_refresh);
  EXPECT_EQ(dead.status, 400);
  EXPECT_EQ(json_doc{dead.body}.str("/error"), "invalid_grant");
  EXPECT_EQ(refresh(new_refresh).status, 200);
}

TEST_F(oauth, an_unrotated_refresh_token_lives_14_days) {
  auto doc = authorize();
  advance_hours(14 * 24 - 1);
  auto alive = refresh(doc.str("/refresh_token"));
  EXPECT_EQ(alive.status, 200);
  auto next = json_doc{alive.body}.str("/refresh_token");
  advance_hours(14 * 24);
  EXPECT_EQ(refresh(next).status, 400);
}

TEST_F(oauth, revoking_kills_every_token) {
  auto doc = authorize();
  ASSERT_EQ(control_post("/__control/tokens/revoke", "{}").status, 200);
  EXPECT_EQ(graphql_status(doc.str("/access_token")), 401);
  EXPECT_EQ(refresh(doc.str("/refresh_token")).status, 400);
}

TEST_F(oauth, login_hint_limits_the_organizations_a_grant_reaches) {
  auto orgs = json_doc{http().get("/__control/orgs").body};
  auto second = orgs.str("/orgs/1/id");
  auto third = orgs.str("/orgs/2/id");
  auto access = token("hinted", second + "," + third);
  token_ = access;
  auto doc = graphql("{ companySelector { items { organizationId } } organization { id } }");
  ASSERT_EQ(doc.size("/data/companySelector/items"), 2u);
  EXPECT_EQ(doc.str("/data/companySelector/items/0/organizationId"), second);
  EXPECT_EQ(doc.str("/data/organization/id"), second); // the first hinted is the default
  auto other = graphql("{ organization { id } }", {}, orgs.str("/orgs/0/id"));
  EXPECT_TRUE(other.has("/errors/0/message"));
  EXPECT_TRUE(other.is_null("/data"));
}

TEST_F(oauth, without_a_hint_the_grant_reaches_every_organization) {
  auto doc = graphql("{ companySelector { items { organizationId } } }");
  EXPECT_EQ(doc.size("/data/companySelector/items"), sim_->state().w.data().org_count());
}

} // namespace
} // namespace upsync::sim::testing
