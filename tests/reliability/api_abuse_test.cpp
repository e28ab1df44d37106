// The API abuse sweep, black box against a running upsyncd (real PostgreSQL, the demo
// simulator, workspace A connected and imported): every endpoint with malformed, oversized
// and wrongly typed bodies, injection attempts, other workspaces' and unknown ids, too
// little privilege, forged and replayed OAuth state, slow and idle connections.
// Expected every time: the documented 4xx, never a 500, never a crash, never another
// workspace's data. The last test searches everything for the Upwork secrets.
// Over 400 lines on purpose: the sweep covers every endpoint against one running daemon; splitting it would start that
// daemon once per file.
#include "tests/reliability/console_sweep.hpp"
#include "tests/reliability/metrics_sweep.hpp"
#include "tests/reliability/running_daemon.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/json_doc.hpp"
#include "tests/support/process.hpp"

#include <arpa/inet.h>
#include <chrono>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <pqxx/pqxx>
#include <set>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace upsync::testing;

namespace {

running_daemon* world = nullptr;
// The web console the daemon serves (UPSYNC_CONSOLE_DIR), with bait around it.
console_tree* console = nullptr;

// /metrics on the API listener demands it (UPSYNC_METRICS_TOKEN); searched for as a secret.
const std::string metrics_token = "metrics-abuse-probe-3f9a1c7e5d2b";

struct endpoint {
  std::string method;
  std::string path; ///< with A's ids filled in
  bool manager_only;
  bool takes_body;
};

/// Every route of http/handlers, with workspace A's objects as the path parameters.
std::vector<endpoint> endpoints() {
  auto& w = *world;
  auto org = url_escape(w.organizations_a.at(0));
  auto user = url_escape(w.upwork_users_a.at(0));
  auto contract = url_escape(w.contracts_a.at(0));
  auto interval = w.intervals_a.at(0);
  auto project = w.projects_a.at(0);
  return {
    {"GET", "/api/v1/me", false, false},
    {"GET", "/api/v1/members", false, false},
    {"POST", "/api/v1/members", true, true},
    {"POST", "/api/v1/members/" + w.member_a.id + "/tokens", false, false},
    {"PATCH", "/api/v1/members/" + w.member_a.id, true, true},
    {"GET", "/api/v1/members/" + w.member_a.id + "/tokens", false, false},
    {"DELETE", "/api/v1/members/" + w.manager_a.id + "/tokens/1", true, false}, // the manager's: a member may not
    {"GET", "/api/v1/projects", false, false},
    {"POST", "/api/v1/projects", true, true},
    {"PATCH", "/api/v1/projects/" + project, true, true},
    {"GET", "/api/v1/time-intervals", false, false},
    {"POST", "/api/v1/time-intervals", false, true},
    {"PATCH", "/api/v1/time-intervals/" + interval, false, true},
    {"DELETE", "/api/v1/time-intervals/" + interval, false, false},
    {"POST", "/api/v1/upwork/connections", true, true},
    {"GET", "/api/v1/upwork/connections", true, false},
    {"POST", "/api/v1/upwork/connections/" + w.connection_a + "/reauthorize", true, true},
    {"DELETE", "/api/v1/upwork/connections/" + w.connection_a, true, false},
    {"GET", "/api/v1/upwork/status", true, false},
    {"GET", "/api/v1/upwork/contracts/" + contract + "/diagnosis", true, false},
    {"GET", "/api/v1/upwork/contracts/" + contract + "/reconciliation", true, false},
    {"GET", "/api/v1/upwork/wizard/accounts", true, false},
    {"PUT", "/api/v1/upwork/wizard/accounts", true, true},
    {"GET", "/api/v1/upwork/wizard/mapping", true, false},
    {"PATCH", "/api/v1/upwork/organizations/" + org + "/users/" + user, true, true},
    {"POST", "/api/v1/upwork/organizations/" + org + "/users/" + user + "/unlock", true, true},
    {"PATCH", "/api/v1/upwork/contracts/" + contract, true, true},
    {"POST", "/api/v1/upwork/organizations/" + org + "/refresh", true, true},
    {"POST", "/api/v1/upwork/organizations/" + org + "/sync", true, true},
    {"GET", "/api/v1/upwork/organizations/" + org + "/runs", true, false},
    {"GET", "/api/v1/upwork/wizard/review", true, false},
    {"POST", "/api/v1/upwork/wizard/confirm", true, true},
    {"GET", "/api/v1/webhooks", true, false},
    {"POST", "/api/v1/webhooks", true, true},
    {"DELETE", "/api/v1/webhooks/1", true, false},
    {"GET", "/api/v1/webhooks/1/deliveries", true, false},
    {"GET", "/api/v1/admin/actors", true, false}, // super admin only: more than a manager
  };
}

/// Workspace A's rows that no refused request may change.
std::string fingerprint_a() {
  pqxx::connection db{world->database_url()};
  pqxx::nontransaction tx{db};
  std::string ws = "(SELECT workspace_id FROM members WHERE id = " + world->admin_a.id + ")";
  return tx
    .exec1(
      "SELECT concat_ws('|', "
      "(SELECT md5(string_agg(id || name || email || role || (deactivated_at IS NULL), ',' ORDER BY id))"
      " FROM members WHERE workspace_id = "
      + ws
      + "), "
        "(SELECT md5(string_agg(id || name || coalesce(client_name, '') || billable || (archived_at IS NULL), ','"
        " ORDER BY id)) FROM projects WHERE workspace_id = "
      + ws
      + "), "
        "(SELECT count(*) || '/' || count(revoked_at) FROM api_tokens WHERE workspace_id = "
      + ws
      + "), "
        "(SELECT md5(string_agg(id || ':' || started_at || ':' || ended_at || ':' || coalesce(project_id, 0), ',' "
        "ORDER BY id)) "
        " FROM time_intervals WHERE workspace_id = "
      + ws
      + "), "
        "(SELECT md5(string_agg(id || status, ',' ORDER BY id)) FROM upwork_connections WHERE workspace_id = "
      + ws
      + "), "
        "(SELECT md5(string_agg(id || selected::text, ',' ORDER BY id)) FROM upwork_organizations WHERE workspace_id = "
      + ws
      + "), "
        "(SELECT md5(string_agg(upwork_user_id || coalesce(member_id, 0) || sync || locked, ',' ORDER BY "
        "organization_id, upwork_user_id)) "
        " FROM upwork_users WHERE workspace_id = "
      + ws
      + "), "
        "(SELECT md5(string_agg(id || coalesce(project_id, 0) || sync || locked, ',' ORDER BY id)) "
        " FROM upwork_contracts WHERE workspace_id = "
      + ws + "))")[0]
    .as<std::string>();
}

std::string describe(const std::string& method, const std::string& path, const http_reply& r) {
  return method + " " + path + " -> " + std::to_string(r.status) + " " + r.body.substr(0, 300);
}

} // namespace

class api_abuse : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    try {
      console = new console_tree;
      world = new running_daemon(
        daemon_options{{{"UPSYNC_METRICS_TOKEN", metrics_token}, {"UPSYNC_CONSOLE_DIR", console->dir.string()}}});
    } catch (const std::exception& e) {
      FAIL() << e.what();
    }
  }
  static void TearDownTestSuite() {
    delete world;
    world = nullptr;
    delete console;
    console = nullptr;
  }
  void SetUp() override {
    ASSERT_NE(world, nullptr) << "the daemon did not come up";
    before_ = fingerprint_a();
  }
  void TearDown() override {
    if (!world)
      return;
    EXPECT_TRUE(world->alive()) << "upsyncd died";
    EXPECT_EQ(world->server_errors(), 0) << "answers with a 5xx so far";
    if (check_a_unchanged_) {
      EXPECT_EQ(fingerprint_a(), before_) << "a refused request changed workspace A";
    }
  }

  /// A refused request: one of `allowed`, a JSON error body, never a 5xx.
  void expect_refused(const std::string& method, const std::string& path, const http_reply& r,
                      std::set<unsigned> allowed) {
    EXPECT_TRUE(allowed.count(r.status)) << describe(method, path, r);
    EXPECT_TRUE(is_error_json(r)) << describe(method, path, r);
    ++refusals_;
  }

  std::string before_;
  bool check_a_unchanged_ = true;
  int refusals_ = 0;
};

TEST_F(api_abuse, without_a_valid_token_every_endpoint_answers_401) {
  std::vector<std::map<std::string, std::string>> bad_auth = {
    {},
    {{"Authorization", "Bearer "}},
    {{"Authorization", "Bearer upsync_forged0000000000000000000000000000000000000"}},
    {{"Authorization", "Basic YWRtaW46YWRtaW4="}},
    {{"Authorization", "Bearer " + world->admin_a.token + "x"}},
    {{"Authorization", "Bearer " + std::string(300, 'a')}},
    {{"Authorization", "Bearer ' OR '1'='1"}},
    {{"Authorization", world->admin_a.token}}, // no scheme
  };
  for (const auto& e : endpoints())
    for (const auto& headers : bad_auth) {
      auto r = world->call(e.method, e.path, e.takes_body ? "{}" : "", "", headers);
      expect_refused(e.method, e.path, r, {401});
      EXPECT_EQ(r.headers["www-authenticate"], "Bearer") << describe(e.method, e.path, r);
    }
  std::printf("%d unauthenticated requests refused\n", refusals_);
}

TEST_F(api_abuse, a_member_token_on_manager_endpoints_answers_403) {
  for (const auto& e : endpoints()) {
    if (!e.manager_only)
      continue;
    auto r = world->call(e.method, e.path, e.takes_body ? "{}" : "", world->member_a.token);
    expect_refused(e.method, e.path, r, {403});
  }
  // The functions a member has, but not on others: another member's token, others' time.
  auto token = world->call("POST", "/api/v1/members/" + world->manager_a.id + "/tokens", "", world->member_a.token);
  expect_refused("POST", "tokens of the manager", token, {403});
  auto edit = world->call("PATCH", "/api/v1/time-intervals/" + world->intervals_a.at(0),
                          R"({"started_at":"2020-01-01T00:00:00Z"})", world->member_a.token);
  expect_refused("PATCH", "someone else's interval", edit, {403});
  auto remove = world->call("DELETE", "/api/v1/time-intervals/" + world->intervals_a.at(0), "", world->member_a.token);
  expect_refused("DELETE", "someone else's interval", remove, {403});
  auto promote = world->call("POST", "/api/v1/members", R"({"name":"X","email":"x@y.z","role":"super_admin"})",
                             world->manager_a.token);
  expect_refused("POST", "a manager creating a super admin", promote, {403});
  auto mint = world->call("POST", "/api/v1/members/" + world->admin_a.id + "/tokens", "", world->manager_a.token);
  expect_refused("POST", "a manager minting the admin's token", mint, {403});
  std::printf("%d under-privileged requests refused\n", refusals_);
}

TEST_F(api_abuse, another_workspaces_ids_answer_404_and_its_lists_show_nothing_of_a) {
  auto& w = *world;
  // B's super admin aims at every one of A's objects.
  std::vector<std::pair<std::string, std::string>> aimed = {
    {"POST", "/api/v1/members/" + w.admin_a.id + "/tokens"},
    {"POST", "/api/v1/members/" + w.member_a.id + "/tokens"},
    {"GET", "/api/v1/members/" + w.member_a.id + "/tokens"},
    {"PATCH", "/api/v1/members/" + w.member_a.id},
    {"PATCH", "/api/v1/members/" + w.admin_a.id},
    {"DELETE", "/api/v1/members/" + w.member_a.id + "/tokens/1"},
    {"POST", "/api/v1/upwork/connections/" + w.connection_a + "/reauthorize"},
    {"DELETE", "/api/v1/upwork/connections/" + w.connection_a},
  };
  for (const auto& id : w.intervals_a) {
    aimed.push_back({"PATCH", "/api/v1/time-intervals/" + id});
    aimed.push_back({"DELETE", "/api/v1/time-intervals/" + id});
    if (aimed.size() > 40)
      break;
  }
  for (const auto& org : w.organizations_a) {
    aimed.push_back({"POST", "/api/v1/upwork/organizations/" + url_escape(org) + "/refresh"});
    aimed.push_back({"POST", "/api/v1/upwork/organizations/" + url_escape(org) + "/sync"});
    aimed.push_back({"GET", "/api/v1/upwork/organizations/" + url_escape(org) + "/runs"});
    for (const auto& user : w.upwork_users_a) {
      aimed.push_back({"PATCH", "/api/v1/upwork/organizations/" + url_escape(org) + "/users/" + url_escape(user)});
      aimed.push_back(
        {"POST", "/api/v1/upwork/organizations/" + url_escape(org) + "/users/" + url_escape(user) + "/unlock"});
    }
  }
  for (const auto& p : w.projects_a)
    aimed.push_back({"PATCH", "/api/v1/projects/" + p});
  for (const auto& c : w.contracts_a) {
    aimed.push_back({"GET", "/api/v1/upwork/contracts/" + url_escape(c) + "/diagnosis"});
    aimed.push_back({"GET", "/api/v1/upwork/contracts/" + url_escape(c) + "/reconciliation"});
    aimed.push_back({"PATCH", "/api/v1/upwork/contracts/" + url_escape(c)});
  }
  // Unknown and impossible ids: the same 404 (or 400 for what cannot be an id).
  for (const char* id : {"999999999", "0", "-1", "abc", "1e3", "99999999999999999999999", "%27%20OR%201%3D1"}) {
    aimed.push_back({"PATCH", std::string{"/api/v1/time-intervals/"} + id});
    aimed.push_back({"POST", std::string{"/api/v1/members/"} + id + "/tokens"});
    aimed.push_back({"PATCH", std::string{"/api/v1/members/"} + id});
    aimed.push_back({"PATCH", std::string{"/api/v1/projects/"} + id});
    aimed.push_back({"DELETE", std::string{"/api/v1/webhooks/"} + id});
    aimed.push_back({"GET", std::string{"/api/v1/webhooks/"} + id + "/deliveries"});
    aimed.push_back({"DELETE", std::string{"/api/v1/upwork/connections/"} + id});
    aimed.push_back({"GET", std::string{"/api/v1/upwork/contracts/"} + id + "/diagnosis"});
    aimed.push_back({"GET", std::string{"/api/v1/upwork/contracts/"} + id + "/reconciliation"});
  }
  const std::map<std::string, std::string> bodies = {
    {"PATCH", R"({"sync":false})"}, {"POST", ""}, {"DELETE", ""}, {"GET", ""}};
  for (const auto& [method, path] : aimed) {
    std::string body = bodies.at(method);
    if (method == "PATCH" && path.find("time-intervals") != std::string::npos)
      body = R"({"project_id":null})";
    for (const auto* token : {&w.admin_b.token, &w.member_b.token}) {
      auto r = w.call(method, path, body, *token);
      if (token == &w.member_b.token && r.status == 403)
        continue; // a member is refused by role first; that reveals nothing either
      expect_refused(method, path, r, {404, 400});
    }
  }
  // B's lists and views: B's own objects, none of A's.
  for (const char* path : {"/api/v1/me", "/api/v1/members", "/api/v1/projects", "/api/v1/time-intervals?limit=1000",
                           "/api/v1/time-intervals?member_id=" /* A's member below */, "/api/v1/upwork/connections",
                           "/api/v1/upwork/status", "/api/v1/upwork/wizard/accounts", "/api/v1/upwork/wizard/mapping",
                           "/api/v1/upwork/wizard/review", "/api/v1/admin/actors?limit=100"}) {
    std::string target = path;
    if (target.back() == '=')
      target += w.admin_a.id;
    auto r = w.call("GET", target, "", w.admin_b.token);
    ASSERT_EQ(r.status, 200u) << describe("GET", target, r);
    for (const char* a_text : {"Agency A", "admin-a", "manager-a", "member-a@"})
      EXPECT_EQ(r.body.find(a_text), std::string::npos) << target << " shows " << a_text << ": " << r.body;
    for (const auto& org : w.organizations_a)
      EXPECT_EQ(r.body.find("\"" + org + "\""), std::string::npos) << target << " shows organization " << org;
    for (const auto& c : w.contracts_a)
      EXPECT_EQ(r.body.find("\"" + c + "\""), std::string::npos) << target << " shows contract " << c;
  }
  auto mine = json_doc{w.call("GET", "/api/v1/time-intervals?limit=1000", "", w.admin_b.token).body};
  EXPECT_EQ(mine.size("/items"), w.intervals_b.size());
  std::printf("%d requests at other workspaces' and unknown ids refused\n", refusals_);
}

TEST_F(api_abuse, malformed_wrongly_typed_and_oversized_bodies_answer_400_or_413) {
  const std::vector<std::string> bad = {
    "{",
    "}",
    "[]",
    "null",
    "true",
    "42",
    "\"text\"",
    "{\"a\":}",
    "{'single':'quotes'}",
    "{\"a\":1,}",
    "{\"name\":\"x\"}garbage",
    "\xff\xfe{}",
    "{\"name\":\"\xc3\x28\"}",
    "{\"name\":\"a\\u0000b\",\"email\":\"a@b.c\"}",
    std::string(100000, '[') + std::string(100000, ']'),
    "{\"name\":" + std::string(5000, '[') + std::string(5000, ']') + "}",
    "{\"unknown_field\":1}",
    "{\"name\":\"a\",\"name\":\"b\"}",
    "{\"name\":1,\"email\":2,\"role\":3}",
    "{\"name\":\"x\",\"email\":\"not-an-email\"}",
    "{\"name\":\"x\",\"email\":\"x@y.z\",\"role\":\"owner\"}",
    "{\"name\":\"" + std::string(201, 'n') + "\",\"email\":\"x@y.z\"}",
    "{\"name\":\"x\",\"billable\":\"yes\"}",
    "{\"name\":null}",
    "{\"name\":\"   \"}",
    "{\"started_at\":\"yesterday\",\"ended_at\":\"2026-01-01T00:00:00Z\"}",
    "{\"started_at\":\"2026-01-01T10:00:00Z\",\"ended_at\":\"2026-01-01T09:00:00Z\"}",
    "{\"started_at\":\"2026-13-45T25:61:61Z\",\"ended_at\":\"9999-99-99T00:00:00Z\"}",
    "{\"started_at\":1,\"ended_at\":2}",
    "{\"started_at\":\"2026-01-01T09:00:00Z\",\"ended_at\":\"2026-01-01T10:00:00Z\",\"pay_rate\":\"-1\"}",
    "{\"started_at\":\"2026-01-01T09:00:00Z\",\"ended_at\":\"2026-01-01T10:00:00Z\",\"pay_rate\":1e400}",
    "{\"started_at\":\"2026-01-01T09:00:00Z\",\"ended_at\":\"2026-01-01T10:00:00Z\",\"currency\":\"EURO\"}",
    "{\"member_id\":-5}",
    "{\"member_id\":\"99999999999999999999\"}",
    "{\"project_id\":1.5}",
    "{\"project_id\":{}}",
    "{\"selected\":\"all\"}",
    "{\"selected\":[1,2]}",
    "{\"selected\":[\"" + std::string(65, 'o') + "\"]}",
    "{\"selected\":[\"no-such-org\"]}",
    "{\"sync\":\"true\"}",
    "{\"sync\":1}",
    "{\"create_member\":[]}",
    "{\"create_member\":{\"name\":\"x\"}}",
    "{\"create_member\":{\"name\":\"x\",\"email\":\"x@y.z\",\"role\":\"super_admin\"}}",
    "{\"member_id\":\"1\",\"create_member\":{\"name\":\"x\",\"email\":\"x@y.z\"}}",
    "{\"create_project\":\"p\"}",
    "{\"create_project\":{\"billable\":true}}",
    "{\"pay_rate\":\"12.345\"}",
    "{\"bill_rate\":\"NaN\"}",
    "{\"pay_rate\":[]}",
    "{\"project_id\":\"1\",\"create_project\":{\"name\":\"p\"}}",
  };
  int sent = 0;
  for (const auto& e : endpoints()) {
    if (!e.takes_body)
      continue;
    for (const auto& body : bad) {
      auto r = world->call(e.method, e.path, body, world->admin_a.token);
      ++sent;
      // 404: the path's object is out of reach; 409: a locked mapping is refused before
      // its body's details; 422: a product rule. Never a 2xx, never a 5xx.
      expect_refused(e.method, e.path, r, {400, 404, 409, 413, 422});
    }
    // Twice the body limit: refused before it is read whole.
    auto huge =
      world->raw(e.method + " " + e.path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + world->admin_a.token
                 + "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(2 * 1024 * 1024)
                 + "\r\n\r\n{\"name\":\"" + std::string(2 * 1024 * 1024 - 10, 'x') + "\"}");
    EXPECT_EQ(huge.rfind("HTTP/1.1 413", 0), 0u) << e.path << ": " << huge.substr(0, 200);
    EXPECT_NE(huge.find("payload_too_large"), std::string::npos) << huge.substr(0, 300);
    ++sent;
  }
  std::printf("%d malformed, mistyped or oversized bodies refused\n", sent);
}

TEST_F(api_abuse, sql_injection_is_stored_as_text_or_refused) {
  check_a_unchanged_ = true; // the attempts go through workspace B
  auto& w = *world;
  const std::vector<std::string> payloads = {
    "'; DROP TABLE members; --",
    "\" OR \"1\"=\"1",
    "' OR '1'='1' --",
    "1; SELECT pg_sleep(5)",
    "Robert'); DELETE FROM time_intervals;--",
    "$1",
    "\\x00",
    "%' AND 1=1 AND '%'='",
  };
  for (const auto& p : payloads) {
    std::string escaped;
    for (char c : p)
      escaped += (c == '"' || c == '\\') ? std::string{"\\"} + c : std::string{c};
    auto r = w.call("POST", "/api/v1/projects", "{\"name\":\"" + escaped + "\",\"client_name\":\"" + escaped + "\"}",
                    w.admin_b.token);
    ASSERT_EQ(r.status, 201u) << r.body;
    EXPECT_EQ(json_doc{r.body}.str("/name"), p) << "the name must come back exactly as given";
    // In query strings and paths: refused as malformed or unknown.
    for (const char* key : {"member_id", "project_id", "from", "source", "cursor", "limit"}) {
      auto q = w.call("GET", std::string{"/api/v1/time-intervals?"} + key + "=" + url_escape(p), "", w.admin_b.token);
      expect_refused("GET", std::string{"time-intervals?"} + key, q, {400});
    }
    auto d = w.call("GET", "/api/v1/upwork/contracts/" + url_escape(p) + "/diagnosis", "", w.admin_b.token);
    expect_refused("GET", "diagnosis of an injected id", d, {404});
    auto rc = w.call("GET", "/api/v1/upwork/contracts/" + url_escape(p) + "/reconciliation", "", w.admin_b.token);
    expect_refused("GET", "reconciliation of an injected id", rc, {404});
    for (const char* key : {"from", "to"}) {
      auto q = w.call("GET", "/api/v1/upwork/contracts/any/reconciliation?" + std::string{key} + "=" + url_escape(p),
                      "", w.admin_b.token);
      expect_refused("GET", std::string{"reconciliation?"} + key, q, {400});
    }
    auto s = w.call("PUT", "/api/v1/upwork/wizard/accounts", "{\"selected\":[\"" + escaped + "\"]}", w.admin_b.token);
    expect_refused("PUT", "accounts with an injected id", s, {400});
  }
  // Every table is still there and A's data is whole (TearDown compares it).
  pqxx::connection db{w.database_url()};
  pqxx::nontransaction tx{db};
  EXPECT_GE(tx.exec1("SELECT count(*) FROM members")[0].as<int>(), 5);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM time_intervals")[0].as<std::size_t>(),
            w.intervals_a.size() + w.intervals_b.size());
}

TEST_F(api_abuse, header_injection_and_huge_headers_are_refused) {
  auto& w = *world;
  // A request id carrying CR LF (or anything not plain) is replaced, never echoed.
  for (const std::string& id :
       std::vector<std::string>{"abc%0d%0aSet-Cookie:%20x=1", "a b", std::string(65, 'a'), "<script>"}) {
    auto r = w.call("GET", "/healthz", "", "", {{"X-Request-Id", id}});
    EXPECT_EQ(r.status, 200u);
    EXPECT_NE(r.headers["x-request-id"], id);
    EXPECT_EQ(r.headers.count("set-cookie"), 0u);
  }
  // Raw CR LF and bare CR inside header values.
  for (const std::string& bytes : std::vector<std::string>{
         std::string{"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-Id: a\rSet-Cookie: x=1\r\n\r\n"},
         std::string{"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-Id: a\nSet-Cookie: x=1\r\n\r\n"},
         std::string{"GET /healthz\r\nSet-Cookie: x=1 HTTP/1.1\r\nHost: x\r\n\r\n"},
         std::string{"GET /api/v1/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer a\r\n b\r\n\r\n"},
         std::string{"GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nhello"},
         std::string{
           "GET /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n"},
         std::string{"GET /healthz HTTP/1.1\r\nHost: x\r\nX-\x01: 1\r\n\r\n"}}) {
    auto answer = w.raw(bytes);
    auto head = answer.substr(0, answer.find("\r\n\r\n"));
    EXPECT_EQ(head.find("Set-Cookie"), std::string::npos) << answer;
    EXPECT_TRUE(answer.empty() || answer.rfind("HTTP/1.1 4", 0) == 0 || answer.rfind("HTTP/1.1 200", 0) == 0)
      << answer.substr(0, 200);
  }
  // The OAuth callback's redirect carries nothing the client wrote.
  auto cb = w.call("GET", "/api/v1/upwork/oauth/callback?code=x&state=a%0d%0aLocation:%20http://evil.example", "", "");
  expect_refused("GET", "callback with CR LF", cb, {400});
  EXPECT_EQ(cb.headers.count("location"), 0u);
  // Huge headers: one big one, many small ones.
  auto big = w.raw("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(64 * 1024, 'h') + "\r\n\r\n");
  EXPECT_TRUE(big.empty() || big.rfind("HTTP/1.1 431", 0) == 0 || big.rfind("HTTP/1.1 400", 0) == 0)
    << big.substr(0, 200);
  std::string many = "GET /healthz HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 5000; ++i)
    many += "X-H" + std::to_string(i) + ": v\r\n";
  auto lots = w.raw(many + "\r\n");
  EXPECT_TRUE(lots.empty() || lots.rfind("HTTP/1.1 431", 0) == 0 || lots.rfind("HTTP/1.1 400", 0) == 0)
    << lots.substr(0, 200);
  auto long_url =
    w.raw("GET /api/v1/time-intervals?x=" + std::string(100 * 1024, 'u') + " HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_TRUE(long_url.empty() || long_url.rfind("HTTP/1.1 4", 0) == 0) << long_url.substr(0, 200);
}

TEST_F(api_abuse, path_traversal_finds_no_file) {
  auto& w = *world;
  for (const char* path :
       {"/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/api/v1/../../../etc/passwd",
        "/static/..%2f..%2f..%2fetc%2fpasswd", "/api/v1/%2e%2e%2f%2e%2e%2fetc/passwd", "/..%5c..%5cwindows%5cwin.ini",
        "/index.html", "/favicon.ico", "/.env", "/etc/passwd%00.json", "//etc/passwd",
        "/api/v1/upwork/oauth/callback/../../../../etc/passwd", "/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd"}) {
    auto r = w.call("GET", path, "", w.admin_a.token);
    expect_refused("GET", path, r, {404, 400});
    EXPECT_EQ(r.body.find("root:"), std::string::npos) << path;
  }
  // A request target that is not a path at all.
  auto absolute = w.raw("GET http://127.0.0.1/etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_TRUE(absolute.rfind("HTTP/1.1 400", 0) == 0 || absolute.rfind("HTTP/1.1 404", 0) == 0) << absolute;
  EXPECT_EQ(absolute.find("root:"), std::string::npos);
}

TEST_F(api_abuse, the_console_files_answer_get_and_head_only_and_nothing_outside_their_directory) {
  auto sent = sweep_console(*world, *console, world->admin_a.token);
  std::printf("%d requests at the console's files\n", sent);
}

TEST_F(api_abuse, forged_replayed_and_crossed_oauth_state_answers_400) {
  auto& w = *world;
  auto connections_before =
    json_doc{w.call("GET", "/api/v1/upwork/connections", "", w.admin_a.token).body}.size("/items");
  auto callback = [&](const std::string& code, const std::string& state) {
    return w.call("GET", "/api/v1/upwork/oauth/callback?code=" + url_escape(code) + "&state=" + url_escape(state), "",
                  "", {{"Accept", "application/json"}});
  };
  // A fresh authorization of A, consented at the simulator: its code and state.
  auto start = w.call("POST", "/api/v1/upwork/connections", "", w.admin_a.token);
  ASSERT_EQ(start.status, 201u) << start.body;
  auto state = json_doc{start.body}.str("/state");
  auto other = w.call("POST", "/api/v1/upwork/connections", "", w.admin_b.token);
  ASSERT_EQ(other.status, 201u) << other.body;
  auto state_b = json_doc{other.body}.str("/state");

  for (const std::string& forged :
       std::vector<std::string>{std::string{"forged"}, std::string(43, 'A'), std::string(2000, 's'), std::string{"%00"},
                                state + "x", state.substr(1), std::string{"' OR 1=1 --"}}) {
    auto r = callback("some-code", forged);
    expect_refused("GET", "callback with forged state", r, {400});
  }
  // A real state with a code Upwork never issued: refused (and rolled back whole).
  auto bad_code = callback("never-issued", state);
  expect_refused("GET", "callback with a made-up code", bad_code, {400});
  // The journey's code and state, replayed after their one use.
  auto replay = callback(w.used_code, w.used_state);
  expect_refused("GET", "replayed code and state", replay, {400});
  auto replay_state = callback("never-issued", w.used_state);
  expect_refused("GET", "replayed state", replay_state, {400});
  // Missing parts, and the user's refusal at Upwork.
  expect_refused("GET", "no state", w.call("GET", "/api/v1/upwork/oauth/callback?code=abc"), {400});
  expect_refused("GET", "no code", w.call("GET", "/api/v1/upwork/oauth/callback?state=" + url_escape(state_b)), {400});
  expect_refused("GET", "denied",
                 w.call("GET", "/api/v1/upwork/oauth/callback?error=access_denied&state=" + url_escape(state_b)),
                 {400});
  // Nothing new appeared in either workspace.
  EXPECT_EQ(json_doc{w.call("GET", "/api/v1/upwork/connections", "", w.admin_a.token).body}.size("/items"),
            connections_before);
  EXPECT_EQ(json_doc{w.call("GET", "/api/v1/upwork/connections", "", w.admin_b.token).body}.size("/items"), 0u);
}

namespace {

int open_socket(unsigned short port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

} // namespace

TEST_F(api_abuse, slow_loris_and_idle_connections_leave_the_server_responsive) {
  auto& w = *world;
  std::vector<int> idle;
  for (int i = 0; i < 300; ++i) {
    int fd = open_socket(w.port());
    ASSERT_GE(fd, 0) << "connection " << i;
    idle.push_back(fd);
  }
  // Slow clients: each trickles a request one byte at a time.
  const std::string request = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + std::string(200, 's') + "\r\n\r\n";
  std::vector<int> slow;
  for (int i = 0; i < 20; ++i)
    slow.push_back(open_socket(w.port()));
  std::size_t sent = 0;
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(6);
  int answered = 0;
  std::chrono::milliseconds worst{0};
  while (std::chrono::steady_clock::now() < until) {
    if (sent < request.size()) {
      for (int fd : slow)
        ::send(fd, request.data() + sent, 1, MSG_NOSIGNAL);
      ++sent;
    }
    // A normal client meanwhile: answered, and quickly.
    auto t0 = std::chrono::steady_clock::now();
    auto r = w.call("GET", "/api/v1/me", "", w.member_a.token);
    auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
    worst = std::max(worst, took);
    EXPECT_EQ(r.status, 200u);
    answered += r.status == 200;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_GT(answered, 20);
  EXPECT_LT(worst.count(), 2000) << "a normal request waited behind slow or idle clients";
  std::printf("%zu idle and %zu slow connections open; %d normal requests answered, slowest %lld ms\n", idle.size(),
              slow.size(), answered, static_cast<long long>(worst.count()));
  for (int fd : idle)
    ::close(fd);
  for (int fd : slow)
    if (fd >= 0)
      ::close(fd);
  EXPECT_EQ(w.call("GET", "/readyz").status, 200u);
}

TEST_F(api_abuse, metrics_on_the_api_listener_answers_only_its_own_token) {
  auto sent = sweep_metrics_route(*world, world->port(), metrics_token, world->admin_a.token);
  std::printf("%d requests at /metrics on the API listener\n", sent);
}

TEST_F(api_abuse, admin_actors_answers_a_super_admin_with_their_own_workspace_only) {
  auto& w = *world;
  const std::string path = "/api/v1/admin/actors";
  // A manager is not enough (the member's 403 is in the manager sweep above, B's member here).
  for (const auto* token : {&w.manager_a.token, &w.member_b.token})
    expect_refused("GET", path, w.call("GET", path, "", *token), {403});
  for (const char* method : {"POST", "PUT", "PATCH", "DELETE"})
    expect_refused(method, path, w.call(method, path, "{}", w.admin_a.token), {405});
  for (const char* limit :
       {"0", "-1", "101", "abc", "1e3", "1.5", "99999999999999999999999", "%27%20OR%201%3D1", "", "10%00", "%ff"})
    expect_refused("GET", path + "?limit=" + limit, w.call("GET", path + "?limit=" + limit, "", w.admin_a.token),
                   {400});
  auto huge =
    w.raw("GET " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + w.admin_a.token
          + "\r\nContent-Length: " + std::to_string(2 * 1024 * 1024) + "\r\n\r\n" + std::string(2 * 1024 * 1024, 'b'));
  EXPECT_EQ(huge.rfind("HTTP/1.1 413", 0), 0u) << huge.substr(0, 200);

  // A's super admin sees A's organizations lagging (once the actors have reported) ...
  std::set<std::string> a_orgs(w.organizations_a.begin(), w.organizations_a.end());
  std::size_t a_lagging = 0;
  ASSERT_TRUE(eventually(
    [&] {
      auto r = w.call("GET", path + "?limit=100", "", w.admin_a.token);
      if (r.status != 200)
        return false;
      json_doc doc{r.body};
      a_lagging = doc.size("/lagging");
      for (auto o : doc.at("/lagging").get_array())
        EXPECT_TRUE(a_orgs.count(std::string{o["organization_id"].get_string().value()})) << r.body;
      return a_lagging > 0;
    },
    std::chrono::seconds(30)))
    << "A's organizations never showed";
  // ... B's super admin none of them: not in its lists, nor among the busiest actors.
  auto b = w.call("GET", path + "?limit=100", "", w.admin_b.token);
  ASSERT_EQ(b.status, 200u) << b.body;
  json_doc doc{b.body};
  EXPECT_EQ(doc.size("/lagging"), 0u) << b.body;
  for (auto actor : doc.at("/busiest").get_array())
    EXPECT_TRUE(actor["organization_id"].is_null()) << "B sees an organization's actor: " << b.body;
  for (const auto& org : w.organizations_a)
    EXPECT_EQ(b.body.find("\"" + org + "\""), std::string::npos) << b.body;
}

TEST_F(api_abuse, z_the_upwork_secrets_appear_nowhere) {
  check_a_unchanged_ = false; // /metrics and the dump only read, but the daemon syncs on
  auto& w = *world;
  auto tokens = w.simulator().state().oauth.issued_tokens();
  ASSERT_GE(tokens.size(), 2u) << "the connection got no tokens";
  std::vector<std::string> secrets = tokens;
  secrets.push_back(running_daemon::client_secret);
  secrets.push_back(metrics_token);
  secrets.push_back(console_tree::secret); // beside the console directory, never served

  // Everything an operator or an attacker with a backup could read.
  auto metrics = w.call("GET", "/metrics", "", metrics_token);
  EXPECT_EQ(metrics.status, 200u);
  auto dump = run_process({"/usr/lib/postgresql/15/bin/pg_dump", "--dbname=" + w.database_url()});
  ASSERT_EQ(dump.exit_code, 0) << dump.err;
  ASSERT_NE(dump.out.find("upwork_connections"), std::string::npos);
  auto logs = w.logs();
  ASSERT_NE(logs.find("http_request"), std::string::npos) << "the daemon's logs were not captured";
  std::map<std::string, const std::string*> places = {
    {"pg_dump", &dump.out}, {"logs", &logs}, {"API answers", &w.transcript()}};

  auto hex = [](const std::string& s) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (unsigned char c : s) {
      out += digits[c >> 4];
      out += digits[c & 15];
    }
    return out;
  };
  int searched = 0;
  for (const auto& secret : secrets) {
    ASSERT_GE(secret.size(), 16u);
    for (const auto& [name, text] : places) {
      EXPECT_EQ(text->find(secret), std::string::npos) << name << " holds a secret";
      EXPECT_EQ(text->find(hex(secret)), std::string::npos) << name << " holds a secret in hex";
      // Half a token is a leak too (e.g. a truncated log line).
      EXPECT_EQ(text->find(secret.substr(0, secret.size() / 2 + 4)), std::string::npos) << name;
      ++searched;
    }
  }
  // API tokens are stored only as hashes.
  for (const auto* m : {&w.admin_a, &w.manager_a, &w.member_a, &w.admin_b, &w.member_b}) {
    EXPECT_EQ(dump.out.find(m->token), std::string::npos) << "an API token in the dump";
    EXPECT_EQ(logs.find(m->token), std::string::npos) << "an API token in the logs";
  }
  std::printf("%zu Upwork secrets searched in %zu places (%d searches): %zu bytes of dump, %zu of logs, %zu of "
              "API answers over %d requests\n",
              secrets.size(), places.size(), searched, dump.out.size(), logs.size(), w.transcript().size(),
              w.requests());
}
