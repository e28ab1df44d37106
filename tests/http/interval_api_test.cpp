// Time intervals over HTTP: create, list with filters and cursor paging, edit, delete,
// with the contract's roles and workspace isolation.
#include "tests/http/api_fixture.hpp"

#include <set>

using namespace upsync::testing;

class interval_api : public api_fixture {
protected:
  std::string create(const seeded_member& as, const std::string& body) {
    auto r = client->post("/api/v1/time-intervals", body, as.token);
    EXPECT_EQ(r.status, 201u) << r.body;
    return json_doc{r.body}.str("/id");
  }
  static std::string span(const std::string& start, const std::string& end) {
    return R"({"started_at":")" + start + R"(","ended_at":")" + end + R"("})";
  }
};

namespace {
std::string error_field(const http_reply& r) { return json_doc{r.body}.str("/error/field"); }
} // namespace

TEST_F(interval_api, a_member_records_their_own_time) {
  auto r = client->post("/api/v1/time-intervals", span("2026-08-15T09:00:00Z", "2026-08-15T10:30:00Z"), member.token);
  ASSERT_EQ(r.status, 201u);
  json_doc doc{r.body};
  EXPECT_EQ(doc.str("/member_id"), member.id());
  EXPECT_EQ(doc.str("/started_at"), "2026-08-15T09:00:00Z");
  EXPECT_EQ(doc.str("/ended_at"), "2026-08-15T10:30:00Z");
  EXPECT_EQ(doc.at("/seconds").get_int64().value(), 5400);
  EXPECT_EQ(doc.str("/source"), "manual");
  EXPECT_TRUE(doc.is_null("/project_id"));
  EXPECT_TRUE(doc.is_null("/upwork_contract_id"));
}

TEST_F(interval_api, offsets_are_normalised_to_utc) {
  auto r = client->post("/api/v1/time-intervals", span("2026-08-15T11:00:00+02:00", "2026-08-15T11:30:00+02:00"),
                        member.token);
  ASSERT_EQ(r.status, 201u);
  EXPECT_EQ(json_doc{r.body}.str("/started_at"), "2026-08-15T09:00:00Z");
}

TEST_F(interval_api, managers_record_time_for_others_with_rates_members_cannot) {
  auto body =
    R"({"member_id":")" + member.id()
    + R"(","started_at":"2026-08-15T09:00:00Z","ended_at":"2026-08-15T10:00:00Z","pay_rate":"20","bill_rate":"35.5"})";
  auto r = client->post("/api/v1/time-intervals", body, manager.token);
  ASSERT_EQ(r.status, 201u) << r.body;
  json_doc doc{r.body};
  EXPECT_EQ(doc.str("/member_id"), member.id());
  EXPECT_EQ(doc.str("/pay_rate"), "20.00");
  EXPECT_EQ(doc.str("/bill_rate"), "35.50");
  EXPECT_EQ(doc.str("/currency"), "USD");

  auto for_other =
    R"({"member_id":")" + manager.id() + R"(","started_at":"2026-08-15T09:00:00Z","ended_at":"2026-08-15T10:00:00Z"})";
  EXPECT_EQ(client->post("/api/v1/time-intervals", for_other, member.token).status, 403u);
  auto with_rate = R"({"started_at":"2026-08-15T09:00:00Z","ended_at":"2026-08-15T10:00:00Z","pay_rate":"99.00"})";
  EXPECT_EQ(client->post("/api/v1/time-intervals", with_rate, member.token).status, 403u);
}

TEST_F(interval_api, bad_intervals_are_refused_naming_the_field) {
  struct bad_case {
    std::string body;
    unsigned status;
    std::string field;
  };
  std::string project_elsewhere;
  {
    auto r = client->post("/api/v1/projects", R"({"name":"Theirs"})", other_admin.token);
    project_elsewhere = json_doc{r.body}.str("/id");
  }
  for (const auto& c : std::vector<bad_case>{
         {R"({"ended_at":"2026-08-15T10:00:00Z"})", 400, "started_at"},
         {span("2026-08-15 9:00", "2026-08-15T10:00:00Z"), 400, "started_at"},
         {span("2026-02-30T09:00:00Z", "2026-08-15T10:00:00Z"), 400, "started_at"},
         {span("2026-08-15T10:00:00Z", "2026-08-15T10:00:00Z"), 400, "ended_at"},
         {span("2026-08-15T10:00:00Z", "2026-08-15T09:00:00Z"), 400, "ended_at"},
         {span("2026-08-15T09:00:00Z", "2026-08-16T09:00:01Z"), 422, "ended_at"},
         {R"({"started_at":"2026-08-15T09:00:00Z","ended_at":"2026-08-15T10:00:00Z","project_id":")" + project_elsewhere
            + "\"}",
          400, "project_id"},
         {R"({"started_at":"2026-08-15T09:00:00Z","ended_at":"2026-08-15T10:00:00Z","member_id":")" + other_member.id()
            + "\"}",
          400, "member_id"},
         {R"({"started_at":"2026-08-15T09:00:00Z","ended_at":"2026-08-15T10:00:00Z","source":"upwork"})", 400,
          "source"},
         {R"({"started_at":"2026-08-15T09:00:00Z","ended_at":"2026-08-15T10:00:00Z","pay_rate":"1.234"})", 400,
          "pay_rate"},
         {R"({"started_at":"2026-08-15T09:00:00Z","ended_at":"2026-08-15T10:00:00Z","pay_rate":"1","currency":"usd"})",
          400, "currency"},
       }) {
    auto r = client->post("/api/v1/time-intervals", c.body, admin.token);
    EXPECT_EQ(r.status, c.status) << c.body << " -> " << r.body;
    EXPECT_EQ(error_field(r), c.field) << c.body;
  }
  // Not one of them left a row behind.
  EXPECT_EQ(json_doc{client->get("/api/v1/time-intervals", admin.token).body}.size("/items"), 0u);
}

TEST_F(interval_api, cursor_paging_returns_every_interval_exactly_once) {
  std::set<std::string> created;
  for (int i = 0; i < 23; ++i) {
    // Pairs share a start time: the cursor must break ties by id.
    char start[32], end[32];
    std::snprintf(start, sizeof start, "2026-08-%02dT09:00:00Z", 1 + i / 2);
    std::snprintf(end, sizeof end, "2026-08-%02dT09:30:00Z", 1 + i / 2);
    created.insert(create(i % 2 ? member : admin, span(start, end)));
  }
  std::set<std::string> seen;
  std::string cursor;
  int pages = 0;
  do {
    auto r = client->get("/api/v1/time-intervals?limit=5" + (cursor.empty() ? "" : "&cursor=" + cursor), member.token);
    ASSERT_EQ(r.status, 200u) << r.body;
    json_doc doc{r.body};
    simdjson::dom::array items = doc.at("/items").get_array();
    EXPECT_LE(items.size(), 5u);
    for (auto item : items)
      EXPECT_TRUE(seen.insert(std::string{item["id"].get_string().value()}).second);
    cursor = doc.is_null("/next_cursor") ? "" : doc.str("/next_cursor");
    ++pages;
  } while (!cursor.empty());
  EXPECT_EQ(seen, created);
  EXPECT_EQ(pages, 5);
}

TEST_F(interval_api, filters_narrow_the_list) {
  auto project = json_doc{client->post("/api/v1/projects", R"({"name":"P"})", admin.token).body}.str("/id");
  create(member,
         R"({"started_at":"2026-08-10T09:00:00Z","ended_at":"2026-08-10T10:00:00Z","project_id":")" + project + "\"}");
  create(member, span("2026-08-11T09:00:00Z", "2026-08-11T10:00:00Z"));
  create(admin, span("2026-08-12T09:00:00Z", "2026-08-12T10:00:00Z"));
  auto count = [&](const std::string& query) {
    auto r = client->get("/api/v1/time-intervals?" + query, admin.token);
    EXPECT_EQ(r.status, 200u) << query << r.body;
    return json_doc{r.body}.size("/items");
  };
  EXPECT_EQ(count("member_id=" + member.id()), 2u);
  EXPECT_EQ(count("project_id=" + project), 1u);
  EXPECT_EQ(count("from=2026-08-11T00:00:00Z"), 2u);
  EXPECT_EQ(count("from=2026-08-11T00:00:00Z&to=2026-08-12T00:00:00Z"), 1u);
  EXPECT_EQ(count("source=manual"), 3u);
  EXPECT_EQ(count("source=upwork"), 0u);
}

TEST_F(interval_api, bad_list_queries_answer_400) {
  for (std::string query : {"limit=0", "limit=1001", "limit=ten", "from=yesterday", "to=2026-13-01T00:00:00Z",
                            "member_id=abc", "source=jira", "cursor=garbage!", "cursor=djE6eDox"}) {
    auto r = client->get("/api/v1/time-intervals?" + query, admin.token);
    EXPECT_EQ(r.status, 400u) << query;
  }
}

TEST_F(interval_api, a_token_revoked_or_deleted_outside_upsyncd_is_refused_once_postgresql_says_so) {
  // The list authenticates in its statement, and remembers a token only while PostgreSQL
  // has not announced a change of the token's workspace (api_tokens' triggers notify,
  // the change listener hears it): a revocation made from another session, as psql or
  // another process would, is refused as soon as its notification arrives, and from then
  // on for good.
  create(member, span("2026-08-15T09:00:00Z", "2026-08-15T10:00:00Z"));
  await_notifications();
  auto list = [&](const std::string& token, const std::string& query = "") {
    return client->get("/api/v1/time-intervals" + query, token);
  };
  auto first = list(member.token);
  ASSERT_EQ(first.status, 200u) << first.body;
  EXPECT_EQ(json_doc{first.body}.size("/items"), 1u);
  EXPECT_EQ(list(other_member.token).body, R"({"items":[],"next_cursor":null})"); // its own, empty workspace
  ASSERT_EQ(list(member.token).status, 200u);
  ASSERT_GE(cache_count("hit"), 1.0); // the token and the page are kept

  auto hash = "encode(sha256('" + member.token + "'::bytea), 'hex')";
  sql("UPDATE api_tokens SET revoked_at = now() WHERE token_hash = decode(" + hash + ", 'hex')");
  ASSERT_TRUE(eventually([&] { return list(member.token).status == 401u; }, std::chrono::seconds(10)));
  auto revoked = list(member.token);
  EXPECT_EQ(revoked.status, 401u) << revoked.body;
  EXPECT_EQ(json_doc{revoked.body}.str("/error/code"), "unauthenticated");
  EXPECT_EQ(list(member.token, "?source=manual&limit=5").status, 401u);

  ASSERT_EQ(list(admin.token).status, 200u);
  ASSERT_EQ(list(admin.token).status, 200u);
  sql("DELETE FROM api_tokens WHERE member_id = " + admin.id());
  ASSERT_TRUE(eventually([&] { return list(admin.token).status == 401u; }, std::chrono::seconds(10)));
  EXPECT_EQ(list(admin.token).status, 401u);
  EXPECT_EQ(list(manager.token).status, 200u);
}

TEST_F(interval_api, the_list_checks_who_asks_before_what_is_asked) {
  // As on every route: no or an unknown token is 401 even when the query is bad too.
  EXPECT_EQ(client->get("/api/v1/time-intervals?limit=0").status, 401u);
  EXPECT_EQ(client->get("/api/v1/time-intervals?limit=0", "not-a-token").status, 401u);
  EXPECT_EQ(client->get("/api/v1/time-intervals?limit=0", member.token).status, 400u);
}

TEST_F(interval_api, every_filter_combination_answers_alike_when_asked_again_and_again) {
  // Each combination of filters is its own prepared statement, and PostgreSQL switches a
  // prepared statement to a cached generic plan after five runs: ask each one seven times.
  auto project = json_doc{client->post("/api/v1/projects", R"({"name":"P"})", admin.token).body}.str("/id");
  create(member, span("2026-08-15T09:00:00Z", "2026-08-15T10:00:00Z"));
  create(member, R"({"project_id":")" + project
                   + R"(","started_at":"2026-08-16T09:00:00Z","ended_at":"2026-08-16T10:00:00Z"})");
  create(manager, span("2026-08-17T09:00:00Z", "2026-08-17T10:00:00Z"));
  struct ask {
    std::string query;
    std::size_t items;
  };
  for (const auto& a :
       std::vector<ask>{{"", 3},
                        {"?from=2026-08-16T00:00:00Z", 2},
                        {"?to=2026-08-16T00:00:00Z", 1},
                        {"?member_id=" + member.id(), 2},
                        {"?project_id=" + project, 1},
                        {"?source=manual&limit=2", 2},
                        {"?source=upwork", 0},
                        {"?member_id=" + member.id() + "&from=2026-08-15T00:00:00Z&to=2026-08-18T00:00:00Z", 2}}) {
    SCOPED_TRACE(a.query);
    for (int round = 0; round < 7; ++round) {
      auto r = client->get("/api/v1/time-intervals" + a.query, admin.token);
      ASSERT_EQ(r.status, 200u) << r.body;
      ASSERT_EQ(json_doc{r.body}.size("/items"), a.items);
    }
  }
  // Past the first page, with a cursor, seven times too.
  auto page = json_doc{client->get("/api/v1/time-intervals?limit=1", admin.token).body};
  auto cursor = page.str("/next_cursor");
  for (int round = 0; round < 7; ++round) {
    auto next = json_doc{client->get("/api/v1/time-intervals?limit=1&cursor=" + cursor, admin.token).body};
    EXPECT_EQ(next.str("/items/0/started_at"), "2026-08-16T09:00:00Z");
  }
}

TEST_F(interval_api, owners_and_managers_edit_others_cannot) {
  auto id = create(member, span("2026-08-15T09:00:00Z", "2026-08-15T10:00:00Z"));
  auto own = client->patch("/api/v1/time-intervals/" + id, R"({"ended_at":"2026-08-15T11:00:00Z"})", member.token);
  ASSERT_EQ(own.status, 200u) << own.body;
  EXPECT_EQ(json_doc{own.body}.at("/seconds").get_int64().value(), 7200);

  auto other = add_member(ws_a, "colleague", upsync::storage::role::member);
  EXPECT_EQ(client->patch("/api/v1/time-intervals/" + id, R"({"ended_at":"2026-08-15T12:00:00Z"})", other.token).status,
            403u);
  auto project = json_doc{client->post("/api/v1/projects", R"({"name":"P"})", admin.token).body}.str("/id");
  auto moved = client->patch("/api/v1/time-intervals/" + id, R"({"project_id":")" + project + "\"}", manager.token);
  ASSERT_EQ(moved.status, 200u);
  EXPECT_EQ(json_doc{moved.body}.str("/project_id"), project);
  auto cleared = client->patch("/api/v1/time-intervals/" + id, R"({"project_id":null})", manager.token);
  EXPECT_TRUE(json_doc{cleared.body}.is_null("/project_id"));
}

TEST_F(interval_api, edits_keep_the_interval_consistent) {
  auto id = create(member, span("2026-08-15T09:00:00Z", "2026-08-15T10:00:00Z"));
  auto backwards =
    client->patch("/api/v1/time-intervals/" + id, R"({"started_at":"2026-08-15T10:30:00Z"})", member.token);
  EXPECT_EQ(backwards.status, 400u);
  EXPECT_EQ(client->patch("/api/v1/time-intervals/" + id, "{}", member.token).status, 400u);
  EXPECT_EQ(client->patch("/api/v1/time-intervals/" + id, R"({"member_id":"1"})", member.token).status, 400u);
  // Unchanged after the refusals.
  auto list = json_doc{client->get("/api/v1/time-intervals", member.token).body};
  EXPECT_EQ(list.str("/items/0/started_at"), "2026-08-15T09:00:00Z");
}

TEST_F(interval_api, delete_removes_once_and_other_workspaces_see_404) {
  auto id = create(member, span("2026-08-15T09:00:00Z", "2026-08-15T10:00:00Z"));
  EXPECT_EQ(client->del("/api/v1/time-intervals/" + id, other_admin.token).status, 404u);
  EXPECT_EQ(
    client->patch("/api/v1/time-intervals/" + id, R"({"ended_at":"2026-08-15T11:00:00Z"})", other_admin.token).status,
    404u);
  EXPECT_EQ(json_doc{client->get("/api/v1/time-intervals", other_admin.token).body}.size("/items"), 0u);
  auto gone = client->del("/api/v1/time-intervals/" + id, member.token);
  EXPECT_EQ(gone.status, 204u);
  EXPECT_TRUE(gone.body.empty());
  EXPECT_EQ(client->del("/api/v1/time-intervals/" + id, member.token).status, 404u);
}
