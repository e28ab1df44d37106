// Workspace administration over the API (issue 20): roles changed within the caller's own
// power, the last super admin kept, a deactivated member's tokens refused at once while
// their time stays, tokens listed and revoked, projects renamed, re-clienting, billable and
// archived. Every refusal changes nothing; another workspace's objects are not there.
#include "tests/http/api_fixture.hpp"

using namespace upsync::testing;

class workspace_admin : public api_fixture {
protected:
  http_reply change(const seeded_member& target, const std::string& body, const std::string& token) {
    return client->patch("/api/v1/members/" + target.id(), body, token);
  }
  std::string role_of(const seeded_member& m) { return sql_text("SELECT role FROM members WHERE id = " + m.id()); }
  std::string create_token(const seeded_member& m, const std::string& token) {
    auto r = client->post("/api/v1/members/" + m.id() + "/tokens", "", token);
    EXPECT_EQ(r.status, 201u) << r.body;
    return r.status == 201u ? json_doc{r.body}.str("/token") : "";
  }
};

namespace {
std::string error_code(const http_reply& r) { return json_doc{r.body}.str("/error/code"); }
} // namespace

TEST_F(workspace_admin, managers_change_roles_up_to_their_own) {
  EXPECT_EQ(change(manager, R"({"role":"member"})", member.token).status, 403u) << "members change nobody";
  auto r = change(member, R"({"role":"manager"})", manager.token);
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(json_doc{r.body}.str("/role"), "manager");
  EXPECT_TRUE(json_doc{r.body}.boolean("/active"));
  EXPECT_EQ(role_of(member), "manager");
  EXPECT_EQ(change(member, R"({"role":"super_admin"})", manager.token).status, 403u) << "above the manager's own";
  EXPECT_EQ(change(admin, R"({"role":"member"})", manager.token).status, 403u) << "a super admin is out of reach";
  EXPECT_EQ(role_of(admin), "super_admin");
  EXPECT_EQ(change(member, R"({"role":"super_admin"})", admin.token).status, 200u);
  EXPECT_EQ(role_of(member), "super_admin");
}

TEST_F(workspace_admin, the_last_super_admin_cannot_be_demoted_or_deactivated) {
  auto r = change(admin, R"({"role":"manager"})", admin.token);
  EXPECT_EQ(r.status, 409u) << r.body;
  EXPECT_EQ(error_code(r), "last_super_admin");
  r = change(admin, R"({"active":false})", admin.token);
  EXPECT_EQ(r.status, 409u);
  EXPECT_EQ(error_code(r), "last_super_admin");
  EXPECT_EQ(role_of(admin), "super_admin");
  // With a second one, either may step down, but not both.
  ASSERT_EQ(change(manager, R"({"role":"super_admin"})", admin.token).status, 200u);
  EXPECT_EQ(change(admin, R"({"role":"manager"})", admin.token).status, 200u);
  EXPECT_EQ(error_code(change(manager, R"({"role":"member"})", manager.token)), "last_super_admin");
}

TEST_F(workspace_admin, a_deactivated_members_tokens_stop_at_once_and_their_time_stays) {
  // Time of theirs, and a cached authentication of their token (every API test runs
  // through the cache): neither may outlive the deactivation.
  auto made = client->post("/api/v1/time-intervals",
                           R"({"started_at":"2026-12-01T09:00:00Z","ended_at":"2026-12-01T10:00:00Z"})", member.token);
  ASSERT_EQ(made.status, 201u) << made.body;
  ASSERT_EQ(client->get("/api/v1/time-intervals", member.token).status, 200u);
  ASSERT_EQ(client->get("/api/v1/time-intervals", member.token).status, 200u);
  auto r = change(member, R"({"active":false})", manager.token);
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_FALSE(json_doc{r.body}.boolean("/active"));
  EXPECT_EQ(client->get("/api/v1/me", member.token).status, 401u);
  EXPECT_EQ(client->get("/api/v1/time-intervals", member.token).status, 401u);
  EXPECT_EQ(sql_text("SELECT count(*) FROM time_intervals WHERE member_id = " + member.id()), "1") << "time stays";
  // Listed as deactivated; no new token for them; reactivated, their token works again.
  auto list = client->get("/api/v1/members", manager.token);
  EXPECT_NE(list.body.find(R"("id":")" + member.id()
                           + R"(","name":"member","email":"member@example.com","role":"member","active":false)"),
            std::string::npos)
    << list.body;
  auto refused = client->post("/api/v1/members/" + member.id() + "/tokens", "", manager.token);
  EXPECT_EQ(refused.status, 409u);
  EXPECT_EQ(error_code(refused), "member_deactivated");
  ASSERT_EQ(change(member, R"({"active":true})", manager.token).status, 200u);
  EXPECT_EQ(client->get("/api/v1/me", member.token).status, 200u);
}

TEST_F(workspace_admin, tokens_are_listed_without_their_secret_and_revoked_at_once) {
  auto second = create_token(member, member.token);
  ASSERT_EQ(client->get("/api/v1/me", second).status, 200u); // cached from now on
  auto list = client->get("/api/v1/members/" + member.id() + "/tokens", member.token);
  ASSERT_EQ(list.status, 200u) << list.body;
  json_doc doc{list.body};
  ASSERT_EQ(doc.size("/items"), 2u);
  EXPECT_EQ(list.body.find(second), std::string::npos) << "never the token itself";
  EXPECT_TRUE(doc.is_null("/items/0/revoked_at"));
  auto newest = doc.str("/items/0/id");
  auto revoked = client->del("/api/v1/members/" + member.id() + "/tokens/" + newest, manager.token);
  ASSERT_EQ(revoked.status, 200u) << revoked.body;
  EXPECT_FALSE(json_doc{revoked.body}.is_null("/token/revoked_at"));
  EXPECT_EQ(client->get("/api/v1/me", second).status, 401u) << "a revoked token is refused at once";
  EXPECT_EQ(client->get("/api/v1/me", member.token).status, 200u) << "the other token still works";
  EXPECT_EQ(client->del("/api/v1/members/" + member.id() + "/tokens/" + newest, member.token).status, 200u)
    << "revoking again changes nothing";
  // Whose tokens: their own, a manager's up to their role, never another workspace's.
  EXPECT_EQ(client->get("/api/v1/members/" + manager.id() + "/tokens", member.token).status, 403u);
  EXPECT_EQ(client->get("/api/v1/members/" + admin.id() + "/tokens", manager.token).status, 403u);
  EXPECT_EQ(client->get("/api/v1/members/" + member.id() + "/tokens", other_admin.token).status, 404u);
  EXPECT_EQ(client->del("/api/v1/members/" + member.id() + "/tokens/" + newest, other_admin.token).status, 404u);
  EXPECT_EQ(client->del("/api/v1/members/" + manager.id() + "/tokens/" + newest, admin.token).status, 404u)
    << "a token is revoked through its own member";
  EXPECT_EQ(client->del("/api/v1/members/" + member.id() + "/tokens/abc", admin.token).status, 404u);
}

TEST_F(workspace_admin, member_changes_refuse_what_they_do_not_understand) {
  for (const auto* body : {R"({})", R"({"role":"owner"})", R"({"role":null})", R"({"active":"no"})", R"({"name":"x"})",
                           "[]", "not json"}) {
    auto r = change(member, body, manager.token);
    EXPECT_EQ(r.status, 400u) << body << " -> " << r.body;
  }
  EXPECT_EQ(change(other_member, R"({"role":"manager"})", admin.token).status, 404u);
  EXPECT_EQ(client->patch("/api/v1/members/abc", R"({"role":"manager"})", admin.token).status, 404u);
  EXPECT_EQ(role_of(member), "member");
}

TEST_F(workspace_admin, projects_are_renamed_re_clienting_billable_and_archived) {
  auto created = client->post("/api/v1/projects", R"({"name":"Website","client_name":"Acme"})", manager.token);
  ASSERT_EQ(created.status, 201u);
  auto id = json_doc{created.body}.str("/id");
  EXPECT_FALSE(json_doc{created.body}.boolean("/archived"));
  ASSERT_EQ(client->post("/api/v1/projects", R"({"name":"Mobile"})", manager.token).status, 201u);
  auto path = "/api/v1/projects/" + id;
  auto r = client->patch(path, R"({"name":"Website 2027","client_name":null,"billable":true})", manager.token);
  ASSERT_EQ(r.status, 200u) << r.body;
  json_doc doc{r.body};
  EXPECT_EQ(doc.str("/name"), "Website 2027");
  EXPECT_TRUE(doc.is_null("/client_name"));
  EXPECT_TRUE(doc.boolean("/billable"));
  r = client->patch(path, R"({"archived":true})", manager.token);
  ASSERT_EQ(r.status, 200u);
  EXPECT_TRUE(json_doc{r.body}.boolean("/archived"));
  EXPECT_EQ(json_doc{r.body}.str("/name"), "Website 2027") << "only what was given changes";
  auto listed = client->get("/api/v1/projects", member.token);
  EXPECT_NE(listed.body.find(R"("name":"Website 2027","client_name":null,"billable":true,"archived":true)"),
            std::string::npos)
    << listed.body;
  // Refusals change nothing.
  r = client->patch(path, R"({"name":"mobile"})", manager.token);
  EXPECT_EQ(r.status, 409u) << "another project's name, whatever its case";
  EXPECT_EQ(client->patch(path, R"({})", manager.token).status, 400u);
  EXPECT_EQ(client->patch(path, R"({"name":""})", manager.token).status, 400u);
  EXPECT_EQ(client->patch(path, R"({"billable":"yes"})", manager.token).status, 400u);
  EXPECT_EQ(client->patch(path, R"({"archived":false})", member.token).status, 403u);
  EXPECT_EQ(client->patch(path, R"({"archived":false})", other_admin.token).status, 404u);
  EXPECT_EQ(client->patch("/api/v1/projects/999999", R"({"archived":false})", admin.token).status, 404u);
  EXPECT_EQ(sql_text("SELECT name || '/' || (archived_at IS NOT NULL) FROM projects WHERE id = " + id),
            "Website 2027/true");
  ASSERT_EQ(client->patch(path, R"({"archived":false})", manager.token).status, 200u);
  EXPECT_EQ(sql_text("SELECT archived_at IS NULL FROM projects WHERE id = " + id), "t");
}
