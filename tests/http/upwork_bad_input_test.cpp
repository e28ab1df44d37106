// Bad input on every Upwork endpoint, after a real connect against the demo simulator:
// malformed JSON, non-objects, wrong types, unknown fields, unknown ids, ids of another
// workspace (in the path and in bodies), oversize bodies, locked mappings. Every answer is
// a 4xx with a machine code — never a 500 — and nothing of the workspace changes.
#include "http/sync_control.hpp"
#include "http/upwork_gateway.hpp"
#include "common/encoding.hpp"
#include "sim/simulator.hpp"
#include "tests/http/api_fixture.hpp"
#include "tests/http/upwork_sim_support.hpp"

#include <spdlog/spdlog.h>

using namespace upsync::testing;

namespace {

constexpr const char* key_hex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
const std::string agency = "1426081917340139521";
const std::string jose = "1387711212009881602";
const std::string backend = "38117204";

struct no_control final : upsync::http::sync_control {
  void organization_changed(upsync::storage::db_id, const std::string&) override {}
  void connections_changed() override {}
  void refresh_organization(upsync::storage::db_id, const std::string&) override {}
};

struct call {
  std::string method, path;
};

} // namespace

class upwork_bad_input : public api_fixture {
protected:
  upwork_bad_input() {
    simulator = start_demo_simulator();
    sim_http = std::make_unique<http_client>(simulator->port());
    gateway = std::make_shared<const upsync::http::upwork_gateway>(upwork_settings_for(*simulator, key_hex));
    auto control = std::make_shared<no_control>();
    upsync::http::add_upwork_connection_routes(routes, gateway);
    upsync::http::add_upwork_wizard_account_routes(routes, 90);
    upsync::http::add_upwork_wizard_mapping_routes(routes, gateway);
    upsync::http::add_upwork_wizard_review_routes(routes, 90, control);
    upsync::http::add_upwork_status_routes(routes);
    upsync::http::add_upwork_reconciliation_routes(routes);
  }

  ~upwork_bad_input() override {
    if (simulator)
      simulator->stop();
  }

  std::string connect() {
    auto r = connect_through_simulator(*client, *simulator, manager.token);
    EXPECT_EQ(r.status, 200u) << r.body;
    return json_doc{r.body}.str("/connection/id");
  }

  http_reply send(const call& c, const std::string& body, const std::string& token = "") {
    return client->request(
      c.method, c.path, body,
      {{"Authorization", "Bearer " + (token.empty() ? manager.token : token)}, {"Content-Type", "application/json"}});
  }

  /// Everything a request could change, as one text.
  std::string snapshot() {
    pqxx::connection db{url};
    pqxx::work tx{db};
    std::string out;
    for (const char* q :
         {"SELECT count(*)::text || string_agg(id::text || name || email, ',' ORDER BY id) FROM members",
          "SELECT count(*)::text || COALESCE(string_agg(id::text || name, ',' ORDER BY id), '') FROM projects",
          "SELECT string_agg(id::text || status, ',' ORDER BY id) FROM upwork_connections",
          "SELECT string_agg(workspace_id::text || id || selected::text || refresh_status, ',' ORDER BY workspace_id, "
          "id)"
          " FROM upwork_organizations",
          "SELECT string_agg(concat_ws('|', organization_id, upwork_user_id, member_id, sync, locked,"
          " create_member_name, create_member_email), ',' ORDER BY workspace_id, organization_id, upwork_user_id)"
          " FROM upwork_users",
          "SELECT string_agg(concat_ws('|', id, project_id, sync, locked, confirmed_at, create_project::text), ','"
          " ORDER BY workspace_id, id) FROM upwork_contracts",
          "SELECT count(*)::text || COALESCE(string_agg(concat_ws('|', contract_id, side, effective_from, rate), ','"
          " ORDER BY contract_id, side, effective_from), '') FROM upwork_contract_rates",
          "SELECT count(*)::text FROM upwork_sync_cursors", "SELECT count(*)::text FROM upwork_oauth_states"}) {
      auto r = tx.exec1(q);
      out += (r[0].is_null() ? std::string{"-"} : r[0].as<std::string>()) + "\n";
    }
    return out;
  }

  /// A refusal in the contract's shape: 4xx, a machine code and a message.
  void expect_refused(const http_reply& r, unsigned status, const std::string& what) {
    EXPECT_EQ(r.status, status) << what << ": " << r.body;
    ASSERT_GE(r.status, 400u) << what;
    ASSERT_LT(r.status, 500u) << what;
    json_doc doc{r.body};
    EXPECT_FALSE(doc.str("/error/code").empty()) << what;
    EXPECT_FALSE(doc.str("/error/message").empty()) << what;
  }

  std::unique_ptr<upsync::sim::simulator> simulator;
  std::unique_ptr<http_client> sim_http;
  std::shared_ptr<const upsync::http::upwork_gateway> gateway;
};

TEST_F(upwork_bad_input, malformed_and_non_object_bodies_answer_400_on_every_endpoint_with_a_body) {
  auto connection = connect();
  auto before = snapshot();
  const std::vector<call> calls{
    {"POST", "/api/v1/upwork/connections"},
    {"POST", "/api/v1/upwork/connections/" + connection + "/reauthorize"},
    {"PUT", "/api/v1/upwork/wizard/accounts"},
    {"PATCH", "/api/v1/upwork/organizations/" + agency + "/users/" + jose},
    {"POST", "/api/v1/upwork/organizations/" + agency + "/users/" + jose + "/unlock"},
    {"PATCH", "/api/v1/upwork/contracts/" + backend},
    {"POST", "/api/v1/upwork/organizations/" + agency + "/refresh"},
    {"POST", "/api/v1/upwork/wizard/confirm"},
  };
  const std::vector<std::string> bodies{"{",
                                        "}",
                                        "{\"sync\":}",
                                        "{\"sync\": true,}",
                                        "[]",
                                        "[1, 2]",
                                        "null",
                                        "\"text\"",
                                        "42",
                                        "true",
                                        "nul",
                                        "{\"name\": \"\xff\xfe\"}",
                                        std::string(5000, '[') + std::string(5000, ']'),
                                        "{\"unknown_field\": 1}"};
  for (const auto& c : calls)
    for (const auto& body : bodies) {
      SCOPED_TRACE(c.method + " " + c.path + " " + body.substr(0, 20));
      auto r = send(c, body);
      expect_refused(r, 400u, body.substr(0, 20));
      EXPECT_EQ(json_doc{r.body}.str("/error/code"), "invalid_request");
    }
  EXPECT_EQ(snapshot(), before);
}

TEST_F(upwork_bad_input, oversize_bodies_answer_413_on_every_endpoint_with_a_body) {
  auto connection = connect();
  auto before = snapshot();
  auto huge = R"({"sync": true, "pad": ")" + std::string(2 * 1024 * 1024, 'x') + "\"}";
  for (const auto& c : std::vector<call>{{"POST", "/api/v1/upwork/connections"},
                                         {"POST", "/api/v1/upwork/connections/" + connection + "/reauthorize"},
                                         {"PUT", "/api/v1/upwork/wizard/accounts"},
                                         {"PATCH", "/api/v1/upwork/organizations/" + agency + "/users/" + jose},
                                         {"PATCH", "/api/v1/upwork/contracts/" + backend},
                                         {"POST", "/api/v1/upwork/wizard/confirm"}}) {
    SCOPED_TRACE(c.method + " " + c.path);
    auto r = send(c, huge);
    expect_refused(r, 413u, "oversize");
    EXPECT_EQ(json_doc{r.body}.str("/error/code"), "payload_too_large");
  }
  EXPECT_EQ(snapshot(), before);
}

TEST_F(upwork_bad_input, wrong_types_and_values_name_their_field) {
  connect();
  auto before = snapshot();
  const call user{"PATCH", "/api/v1/upwork/organizations/" + agency + "/users/" + jose};
  const call contract{"PATCH", "/api/v1/upwork/contracts/" + backend};
  struct bad {
    call where;
    std::string body, field;
  };
  const std::vector<bad> cases{
    {user, R"({"member_id": 5})", "member_id"},
    {user, R"({"member_id": true})", "member_id"},
    {user, R"({"member_id": "12abc"})", "member_id"},
    {user, R"({"member_id": "99999999999999999999999"})", "member_id"},
    {user, R"({"sync": 1})", "sync"},
    {user, R"({"sync": "true"})", "sync"},
    {user, R"({"create_member": []})", "create_member"},
    {user, R"({"create_member": {"name": 5, "email": "a@b.example"}})", "create_member.name"},
    {user, R"({"create_member": {"name": "A", "email": "not-an-email"}})", "create_member.email"},
    {user, R"({"create_member": {"name": "A"}})", "create_member.email"},
    {user, R"({"create_member": {"name": "A", "email": "a@b.example", "role": "admin"}})", "create_member.role"},
    {contract, R"({"project_id": 1})", "project_id"},
    {contract, R"({"project_id": "-1"})", "project_id"},
    {contract, R"({"sync": "on"})", "sync"},
    {contract, R"({"pay_rate": 25})", "pay_rate"},
    {contract, R"({"pay_rate": "-1.00"})", "pay_rate"},
    {contract, R"({"pay_rate": "1.234"})", "pay_rate"},
    {contract, R"({"pay_rate": "12,50"})", "pay_rate"},
    {contract, R"({"pay_rate": "1e3"})", "pay_rate"},
    {contract, R"({"pay_rate": "99999999999999999999.00"})", "pay_rate"},
    {contract, R"({"create_project": "Website"})", "create_project"},
    {contract, R"({"create_project": {"name": ["x"]}})", "create_project.name"},
    {contract, R"({"create_project": {"name": "X", "billable": "yes"}})", "create_project.billable"},
    {contract, R"({"create_project": {}})", "create_project.name"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.body);
    auto r = send(c.where, c.body);
    expect_refused(r, 400u, c.body);
    EXPECT_EQ(json_doc{r.body}.str("/error/field"), c.field);
  }
  EXPECT_EQ(snapshot(), before);
}

TEST_F(upwork_bad_input, unknown_and_another_workspace_s_ids_answer_404_or_400) {
  auto connection = connect();
  // Another workspace with its own member and project.
  auto stranger = add_member(ws_b, "stranger", upsync::storage::role::member);
  std::string their_project;
  {
    pqxx::connection db{url};
    pqxx::work tx{db};
    their_project = std::to_string(upsync::storage::project_store::create(tx, ws_b, "Theirs", std::nullopt, false).id);
    tx.commit();
  }
  auto before = snapshot();

  // Unknown or foreign ids in the path: 404, the same answer for both.
  for (const auto& c : std::vector<call>{{"POST", "/api/v1/upwork/connections/999999/reauthorize"},
                                         {"POST", "/api/v1/upwork/connections/abc/reauthorize"},
                                         {"DELETE", "/api/v1/upwork/connections/999999"},
                                         {"PATCH", "/api/v1/upwork/organizations/999/users/" + jose},
                                         {"PATCH", "/api/v1/upwork/organizations/" + agency + "/users/999"},
                                         {"POST", "/api/v1/upwork/organizations/" + agency + "/users/999/unlock"},
                                         {"POST", "/api/v1/upwork/organizations/999/refresh"},
                                         {"PATCH", "/api/v1/upwork/contracts/999"},
                                         {"GET", "/api/v1/upwork/contracts/999/diagnosis"},
                                         {"GET", "/api/v1/upwork/contracts/999/reconciliation"}}) {
    SCOPED_TRACE(c.method + " " + c.path);
    auto r = send(c, c.method == "PATCH" ? R"({"sync": false})" : "");
    expect_refused(r, 404u, c.path);
    EXPECT_EQ(json_doc{r.body}.str("/error/code"), "not_found");
  }
  for (const auto& c :
       std::vector<call>{{"POST", "/api/v1/upwork/connections/" + connection + "/reauthorize"},
                         {"DELETE", "/api/v1/upwork/connections/" + connection},
                         {"PATCH", "/api/v1/upwork/organizations/" + agency + "/users/" + jose},
                         {"POST", "/api/v1/upwork/organizations/" + agency + "/users/" + jose + "/unlock"},
                         {"POST", "/api/v1/upwork/organizations/" + agency + "/refresh"},
                         {"PATCH", "/api/v1/upwork/contracts/" + backend},
                         {"GET", "/api/v1/upwork/contracts/" + backend + "/diagnosis"},
                         {"GET", "/api/v1/upwork/contracts/" + backend + "/reconciliation"}}) {
    SCOPED_TRACE("other workspace: " + c.method + " " + c.path);
    auto r = send(c, c.method == "PATCH" ? R"({"sync": false})" : "", other_admin.token);
    expect_refused(r, 404u, c.path);
  }
  // Another workspace's member or project in a body: refused as unknown, never linked.
  auto user = call{"PATCH", "/api/v1/upwork/organizations/" + agency + "/users/" + jose};
  auto foreign_member = send(user, R"({"member_id": ")" + stranger.id() + R"("})");
  expect_refused(foreign_member, 400u, "foreign member");
  EXPECT_EQ(json_doc{foreign_member.body}.str("/error/field"), "member_id");
  auto foreign_project =
    send(call{"PATCH", "/api/v1/upwork/contracts/" + backend}, R"({"project_id": ")" + their_project + R"("})");
  expect_refused(foreign_project, 400u, "foreign project");
  EXPECT_EQ(json_doc{foreign_project.body}.str("/error/field"), "project_id");
  auto foreign_org = send(call{"PUT", "/api/v1/upwork/wizard/accounts"}, R"({"selected": ["999"]})");
  expect_refused(foreign_org, 400u, "unknown organization");
  EXPECT_EQ(snapshot(), before);
}

TEST_F(upwork_bad_input, locked_mappings_answer_409_and_change_nothing) {
  connect();
  auto user = call{"PATCH", "/api/v1/upwork/organizations/" + agency + "/users/" + jose};
  ASSERT_EQ(send(user, R"({"member_id": ")" + member.id() + R"(", "sync": true})").status, 200u);
  ASSERT_EQ(
    send(call{"PATCH", "/api/v1/upwork/contracts/" + backend}, R"({"create_project": {"name": "Backend"}})").status,
    200u);
  ASSERT_EQ(send(call{"POST", "/api/v1/upwork/wizard/confirm"}, "").status, 202u);
  auto before = snapshot();
  for (const auto& [c, body] : std::vector<std::pair<call, std::string>>{
         {user, R"({"sync": false})"},
         {user, R"({"member_id": null})"},
         {call{"PATCH", "/api/v1/upwork/contracts/" + backend}, R"({"sync": false})"},
         {call{"PATCH", "/api/v1/upwork/contracts/" + backend}, R"({"pay_rate": "10.00"})"},
         {call{"PATCH", "/api/v1/upwork/contracts/" + backend}, R"({"create_project": {"name": "Other"}})"}}) {
    SCOPED_TRACE(body);
    auto r = send(c, body);
    expect_refused(r, 409u, body);
    EXPECT_EQ(json_doc{r.body}.str("/error/code"), "conflict");
  }
  EXPECT_EQ(snapshot(), before);
}

TEST_F(upwork_bad_input, forged_replayed_and_malformed_oauth_callbacks_answer_400) {
  auto start = client->post("/api/v1/upwork/connections", "", manager.token);
  auto consent = sim_http->get(json_doc{start.body}.str("/authorize_url").substr(simulator->base_url().size()));
  auto back = consent.headers["location"];
  auto code = query_of(back)["code"];
  auto state = query_of(back)["state"];
  auto callback = [&](const std::string& query) {
    return client->request("GET", "/api/v1/upwork/oauth/callback" + query, "", {{"Accept", "application/json"}});
  };
  auto before = snapshot();
  for (const std::string& query :
       {std::string{}, "?code=" + code, "?state=" + state, "?code=&state=" + state, "?code=" + code + "&state=",
        "?code=" + code + "&state=" + std::string(5000, 'a'), "?code=" + code + "&state=%ZZ",
        "?code=" + code + "&state=" + state + "x", "?code=" + code + "&state=" + state.substr(1),
        "?code=" + std::string(5000, 'c') + "&state=" + upsync::encoding::to_base64url(std::string(32, 'y')),
        "?error=access_denied&state=" + upsync::encoding::to_base64url(std::string(32, 'z'))}) {
    SCOPED_TRACE(query.substr(0, 60));
    expect_refused(callback(query), 400u, query.substr(0, 60));
  }
  EXPECT_EQ(snapshot(), before) << "a refused callback uses up nothing";
  // The genuine one still works once, then is a replay.
  EXPECT_EQ(callback("?code=" + code + "&state=" + state).status, 200u);
  expect_refused(callback("?code=" + code + "&state=" + state), 400u, "replay");
}
