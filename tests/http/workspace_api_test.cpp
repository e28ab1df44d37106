// The workspace part of the API contract: health, /me, members, tokens, projects, and
// the error shapes every endpoint shares.
#include "tests/http/api_fixture.hpp"

using namespace upsync::testing;

class workspace_api : public api_fixture {};

namespace {
std::string error_code(const http_reply& r) { return json_doc{r.body}.str("/error/code"); }
} // namespace

TEST_F(workspace_api, health_and_readiness_answer_without_a_token) {
  auto health = client->get("/healthz");
  EXPECT_EQ(health.status, 200u);
  EXPECT_EQ(json_doc{health.body}.str("/status"), "ok");
  EXPECT_EQ(client->get("/readyz").status, 200u);
}

TEST_F(workspace_api, me_describes_the_caller_and_the_workspace) {
  auto r = client->get("/api/v1/me", manager.token);
  ASSERT_EQ(r.status, 200u);
  json_doc doc{r.body};
  EXPECT_EQ(doc.str("/member/id"), manager.id());
  EXPECT_EQ(doc.str("/member/role"), "manager");
  EXPECT_EQ(doc.str("/member/email"), "manager@example.com");
  EXPECT_EQ(doc.str("/workspace/name"), "Agency A");
  EXPECT_EQ(doc.str("/workspace/timezone"), "Europe/Berlin");
}

TEST_F(workspace_api, missing_malformed_or_unknown_tokens_answer_401) {
  for (auto headers :
       std::vector<std::map<std::string, std::string>>{{},
                                                       {{"Authorization", "Bearer nope"}},
                                                       {{"Authorization", "Basic dXNlcjpwYXNz"}},
                                                       {{"Authorization", "Bearer " + admin.token + "x"}},
                                                       {{"Authorization", "Bearer"}}}) {
    auto r = client->request("GET", "/api/v1/me", "", headers);
    EXPECT_EQ(r.status, 401u);
    EXPECT_EQ(error_code(r), "unauthenticated");
    EXPECT_EQ(r.headers["www-authenticate"], "Bearer");
  }
}

TEST_F(workspace_api, unknown_routes_are_404_and_wrong_methods_405) {
  EXPECT_EQ(client->get("/api/v1/nothing-here", admin.token).status, 404u);
  EXPECT_EQ(client->request("PUT", "/api/v1/members", "{}", {{"Authorization", "Bearer " + admin.token}}).status, 405u);
}

TEST_F(workspace_api, every_member_lists_only_their_own_workspace) {
  auto r = client->get("/api/v1/members", member.token);
  ASSERT_EQ(r.status, 200u);
  json_doc doc{r.body};
  EXPECT_EQ(doc.size("/items"), 3u);
  EXPECT_EQ(r.body.find("other-admin"), std::string::npos);
}

TEST_F(workspace_api, managers_create_members_and_members_cannot) {
  auto created = client->post("/api/v1/members", R"({"name":"José Müller","email":"jose@example.com","role":"member"})",
                              manager.token);
  ASSERT_EQ(created.status, 201u);
  json_doc doc{created.body};
  EXPECT_EQ(doc.str("/name"), "José Müller");
  EXPECT_EQ(doc.str("/role"), "member");
  EXPECT_FALSE(doc.str("/id").empty());

  auto refused = client->post("/api/v1/members", R"({"name":"X","email":"x@example.com"})", member.token);
  EXPECT_EQ(refused.status, 403u);
  EXPECT_EQ(error_code(refused), "forbidden");
  // Nothing was created by the refused call.
  EXPECT_EQ(json_doc{client->get("/api/v1/members", admin.token).body}.size("/items"), 4u);
}

TEST_F(workspace_api, only_a_super_admin_creates_a_super_admin) {
  EXPECT_EQ(
    client->post("/api/v1/members", R"({"name":"Boss","email":"b@example.com","role":"super_admin"})", manager.token)
      .status,
    403u);
  EXPECT_EQ(
    client->post("/api/v1/members", R"({"name":"Boss","email":"b@example.com","role":"super_admin"})", admin.token)
      .status,
    201u);
}

TEST_F(workspace_api, a_second_member_with_the_same_email_is_a_conflict) {
  auto r = client->post("/api/v1/members", R"({"name":"Again","email":"MEMBER@example.com"})", admin.token);
  EXPECT_EQ(r.status, 409u);
  EXPECT_EQ(error_code(r), "conflict");
}

TEST_F(workspace_api, bad_member_bodies_answer_400_naming_the_field) {
  struct bad_case {
    std::string body;
    std::string field;
  };
  for (const auto& c : std::vector<bad_case>{
         {R"({"email":"a@example.com"})", "name"},
         {R"({"name":"","email":"a@example.com"})", "name"},
         {R"({"name":42,"email":"a@example.com"})", "name"},
         {R"({"name":"A","email":"not-an-email"})", "email"},
         {R"({"name":"A","email":"a@example.com","role":"owner"})", "role"},
         {R"({"name":"A","email":"a@example.com","admin":true})", "admin"},
         {R"({"name":"A","name":"B","email":"a@example.com"})", "name"},
       }) {
    auto r = client->post("/api/v1/members", c.body, admin.token);
    EXPECT_EQ(r.status, 400u) << c.body;
    json_doc doc{r.body};
    EXPECT_EQ(doc.str("/error/code"), "invalid_request") << c.body;
    EXPECT_EQ(doc.str("/error/field"), c.field) << c.body;
  }
}

TEST_F(workspace_api, malformed_json_and_non_objects_answer_400) {
  for (std::string body : {"{", "{\"name\":}", "[1,2]", "\"text\"", "nul", "{\"name\":\"\xff\xfe\"}"}) {
    auto r = client->post("/api/v1/members", body, admin.token);
    EXPECT_EQ(r.status, 400u) << body;
    EXPECT_EQ(error_code(r), "invalid_request") << body;
  }
}

TEST_F(workspace_api, an_oversized_body_answers_413_and_creates_nothing) {
  std::string huge = R"({"name":"A","email":"a@example.com","pad":")" + std::string(2 * 1024 * 1024, 'x') + "\"}";
  auto r = client->post("/api/v1/members", huge, admin.token);
  EXPECT_EQ(r.status, 413u);
  EXPECT_EQ(error_code(r), "payload_too_large");
  EXPECT_EQ(json_doc{client->get("/api/v1/members", admin.token).body}.size("/items"), 3u);
}

TEST_F(workspace_api, a_member_creates_a_token_for_themselves_that_works) {
  auto r = client->post("/api/v1/members/" + member.id() + "/tokens", "", member.token);
  ASSERT_EQ(r.status, 201u);
  auto token = json_doc{r.body}.str("/token");
  EXPECT_NE(token, member.token);
  auto me = client->get("/api/v1/me", token);
  ASSERT_EQ(me.status, 200u);
  EXPECT_EQ(json_doc{me.body}.str("/member/id"), member.id());
}

TEST_F(workspace_api, token_creation_follows_roles) {
  // A member may not mint tokens for others; a manager may for members but not for a
  // super admin (that would hand out more power than the manager holds).
  EXPECT_EQ(client->post("/api/v1/members/" + manager.id() + "/tokens", "", member.token).status, 403u);
  EXPECT_EQ(client->post("/api/v1/members/" + member.id() + "/tokens", "", manager.token).status, 201u);
  EXPECT_EQ(client->post("/api/v1/members/" + admin.id() + "/tokens", "", manager.token).status, 403u);
  EXPECT_EQ(client->post("/api/v1/members/" + manager.id() + "/tokens", "", admin.token).status, 201u);
}

TEST_F(workspace_api, another_workspaces_member_is_not_found) {
  auto r = client->post("/api/v1/members/" + other_member.id() + "/tokens", "", admin.token);
  EXPECT_EQ(r.status, 404u);
  EXPECT_EQ(error_code(r), "not_found");
  EXPECT_EQ(client->post("/api/v1/members/abc/tokens", "", admin.token).status, 404u);
  EXPECT_EQ(client->post("/api/v1/members/999999/tokens", "", admin.token).status, 404u);
}

TEST_F(workspace_api, projects_are_created_by_managers_and_listed_for_everyone) {
  auto created =
    client->post("/api/v1/projects", R"({"name":"Website","client_name":"Acme Corp","billable":true})", manager.token);
  ASSERT_EQ(created.status, 201u);
  json_doc doc{created.body};
  EXPECT_EQ(doc.str("/client_name"), "Acme Corp");
  EXPECT_TRUE(doc.at("/billable").get_bool().value());

  EXPECT_EQ(client->post("/api/v1/projects", R"({"name":"Internal"})", member.token).status, 403u);
  auto list = client->get("/api/v1/projects", member.token);
  ASSERT_EQ(list.status, 200u);
  EXPECT_EQ(json_doc{list.body}.size("/items"), 1u);
  // The other workspace sees none of it.
  EXPECT_EQ(json_doc{client->get("/api/v1/projects", other_admin.token).body}.size("/items"), 0u);
}

TEST_F(workspace_api, project_rules_duplicates_and_types) {
  EXPECT_EQ(client->post("/api/v1/projects", R"({"name":"Website"})", admin.token).status, 201u);
  EXPECT_EQ(client->post("/api/v1/projects", R"({"name":"website"})", admin.token).status, 409u);
  auto no_client = json_doc{client->post("/api/v1/projects", R"({"name":"Ops","client_name":null})", admin.token).body};
  EXPECT_TRUE(no_client.is_null("/client_name"));
  EXPECT_FALSE(no_client.at("/billable").get_bool().value());
  auto bad = client->post("/api/v1/projects", R"({"name":"X","billable":"yes"})", admin.token);
  EXPECT_EQ(bad.status, 400u);
  EXPECT_EQ(json_doc{bad.body}.str("/error/field"), "billable");
}
