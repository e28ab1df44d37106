// The API cache: repeated interval lists are served from memory, and nothing stale is
// served — after this process's own writes at once, after other sessions' writes once
// PostgreSQL's notification arrives, and never while the change listener is down.
#include "tests/http/api_fixture.hpp"

using namespace upsync::testing;
namespace storage = upsync::storage;
namespace http = upsync::http;

namespace {

std::string span(const std::string& start, const std::string& end) {
  return R"({"started_at":")" + start + R"(","ended_at":")" + end + R"("})";
}

} // namespace

class api_cache_test : public api_fixture {
protected:
  http_reply list(const seeded_member& as, const std::string& query = "") {
    return client->get("/api/v1/time-intervals" + query, as.token);
  }
  std::size_t items(const seeded_member& as, const std::string& query = "") {
    auto r = list(as, query);
    EXPECT_EQ(r.status, 200u) << r.body;
    return r.status == 200u ? json_doc{r.body}.size("/items") : 0;
  }
  std::string create(const seeded_member& as, const std::string& start, const std::string& end) {
    auto r = client->post("/api/v1/time-intervals", span(start, end), as.token);
    EXPECT_EQ(r.status, 201u) << r.body;
    return json_doc{r.body}.str("/id");
  }
  /// An interval written behind the API, from another session (as the sync writers or
  /// psql would).
  void insert_behind(const seeded_member& owner, const std::string& start) {
    sql("INSERT INTO time_intervals (workspace_id, member_id, started_at, ended_at, source) VALUES ("
        + std::to_string(owner.record.workspace_id) + ", " + owner.id() + ", '" + start + "', timestamptz '" + start
        + "' + interval '1 hour', 'manual')");
  }
  /// The page is kept: asking again is a hit with the same answer. (Notifications of the
  /// writes before are awaited first: arriving after the first list, they would rightly
  /// void what it kept.)
  void expect_kept(const seeded_member& as, const std::string& query = "", bool hearing = true) {
    if (hearing)
      await_notifications();
    auto first = list(as, query);
    auto hits = cache_count("hit");
    auto again = list(as, query);
    EXPECT_EQ(cache_count("hit"), hits + 1) << "not served from the cache";
    EXPECT_EQ(again.status, first.status);
    EXPECT_EQ(again.body, first.body);
  }
};

TEST_F(api_cache_test, a_repeated_list_is_served_from_memory_with_the_same_answer) {
  create(member, "2026-08-15T09:00:00Z", "2026-08-15T10:00:00Z");
  await_notifications();
  auto misses = cache_count("miss");
  auto first = list(member);
  EXPECT_EQ(cache_count("miss"), misses + 1);
  auto second = list(member);
  EXPECT_EQ(cache_count("hit"), 1.0);
  EXPECT_EQ(second.body, first.body);
  EXPECT_EQ(second.headers.count("x-request-id"), 1u);
  // Every member of the workspace sees the same page: another member's token is a miss
  // (its token is not known yet), then its page is the same entry.
  auto before = cache_count("hit");
  await_notifications();
  EXPECT_EQ(list(manager).body, first.body);
  EXPECT_EQ(list(manager).body, first.body);
  EXPECT_EQ(cache_count("hit"), before + 1);
}

TEST_F(api_cache_test, the_next_list_after_an_api_write_shows_it) {
  // Deaf on purpose: no listener, yet trusted. What keeps the cache true here is the
  // dispatcher marking the workspace changed before a write's answer leaves, alone.
  listener.stop();
  changes.set_listening(true);
  auto id = create(member, "2026-08-15T09:00:00Z", "2026-08-15T10:00:00Z");
  expect_kept(member, "", false);
  create(member, "2026-08-16T09:00:00Z", "2026-08-16T10:00:00Z");
  EXPECT_EQ(items(member), 2u);
  expect_kept(member, "", false);
  auto edited = client->patch("/api/v1/time-intervals/" + id, R"({"ended_at":"2026-08-15T11:00:00Z"})", member.token);
  ASSERT_EQ(edited.status, 200u) << edited.body;
  EXPECT_EQ(json_doc{list(member).body}.at("/items/0/seconds").get_int64().value(), 7200);
  expect_kept(member, "", false);
  ASSERT_EQ(client->del("/api/v1/time-intervals/" + id, member.token).status, 204u);
  EXPECT_EQ(items(member), 1u);
  // A refused write changes nothing but is no reason to serve anything stale either.
  EXPECT_EQ(client->patch("/api/v1/time-intervals/" + id, "{}", member.token).status, 404u);
  EXPECT_EQ(items(member), 1u);
}

TEST_F(api_cache_test, a_write_from_another_session_shows_once_its_notification_arrives) {
  create(member, "2026-08-15T09:00:00Z", "2026-08-15T10:00:00Z");
  expect_kept(member);
  insert_behind(member, "2026-08-16T09:00:00Z");
  EXPECT_TRUE(eventually([&] { return items(member) == 2u; }, std::chrono::seconds(10)));
  expect_kept(member); // and kept again afterwards
  sql("UPDATE time_intervals SET ended_at = started_at + interval '3 hours' WHERE workspace_id = "
      + std::to_string(ws_a) + " AND started_at = '2026-08-16T09:00:00Z'");
  EXPECT_TRUE(
    eventually([&] { return json_doc{list(member).body}.at("/items/1/seconds").get_int64().value() == 10800; },
               std::chrono::seconds(10)));
  sql("DELETE FROM time_intervals WHERE workspace_id = " + std::to_string(ws_a));
  EXPECT_TRUE(eventually([&] { return items(member) == 0u; }, std::chrono::seconds(10)));
  // A TRUNCATE (notifying '*') voids everything.
  insert_behind(other_member, "2026-08-16T09:00:00Z");
  EXPECT_TRUE(eventually([&] { return items(other_member) == 1u; }, std::chrono::seconds(10)));
  expect_kept(other_member);
  sql("TRUNCATE time_intervals CASCADE");
  EXPECT_TRUE(eventually([&] { return items(other_member) == 0u; }, std::chrono::seconds(10)));
}

TEST_F(api_cache_test, a_role_change_from_another_session_reaches_the_kept_caller) {
  expect_kept(member);
  auto hash = storage::workspace_store::token_hash_hex(member.token);
  ASSERT_TRUE(cache.caller(hash));
  EXPECT_EQ(cache.caller(hash)->member_role, storage::role::member);
  sql("UPDATE members SET role = 'manager' WHERE id = " + member.id());
  EXPECT_TRUE(eventually(
    [&] {
      list(member);
      auto kept = cache.caller(hash);
      return kept && kept->member_role == storage::role::manager;
    },
    std::chrono::seconds(10)));
}

TEST_F(api_cache_test, another_workspaces_writes_leave_this_workspaces_pages_kept) {
  create(member, "2026-08-15T09:00:00Z", "2026-08-15T10:00:00Z");
  expect_kept(member);
  // Workspace B changes through the API and behind it; once B's list shows the change
  // (so its notification was heard), A's page is still a hit.
  create(other_member, "2026-08-15T09:00:00Z", "2026-08-15T10:00:00Z");
  insert_behind(other_member, "2026-08-16T09:00:00Z");
  ASSERT_TRUE(eventually([&] { return items(other_member) == 2u; }, std::chrono::seconds(10)));
  await_notifications();
  auto hits = cache_count("hit");
  auto misses = cache_count("miss");
  EXPECT_EQ(items(member), 1u);
  EXPECT_EQ(cache_count("hit"), hits + 1);
  EXPECT_EQ(cache_count("miss"), misses);
}

TEST_F(api_cache_test, unknown_tokens_are_never_kept) {
  expect_kept(member);
  auto entries = cache.entries();
  for (int i = 0; i < 50; ++i)
    EXPECT_EQ(client->get("/api/v1/time-intervals", "unknown-token-" + std::to_string(i)).status, 401u);
  EXPECT_EQ(cache.entries(), entries);
}

TEST_F(api_cache_test, nothing_stale_is_served_while_the_listener_is_down) {
  // A listener that waits a second before reconnecting, so that the outage is visible.
  listener.stop();
  http::change_listener_options slow;
  slow.retry_first = std::chrono::milliseconds(1500);
  http::change_listener patient{url, changes, slow};
  patient.start();
  ASSERT_TRUE(eventually([&] { return changes.listening(); }, std::chrono::seconds(30)));
  create(member, "2026-08-15T09:00:00Z", "2026-08-15T10:00:00Z");
  expect_kept(member);

  sql_text(std::string{"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '"}
           + http::change_listener_application + "'");
  ASSERT_TRUE(eventually([&] { return !changes.listening(); }, std::chrono::seconds(10)));
  // Written while nobody listens: its notification is lost for good.
  insert_behind(member, "2026-08-16T09:00:00Z");
  auto off = cache_count("off");
  EXPECT_EQ(items(member), 2u);
  if (!changes.listening()) // (the listener may be back already on a slow machine)
    EXPECT_GT(cache_count("off"), off);

  ASSERT_TRUE(eventually([&] { return changes.listening(); }, std::chrono::seconds(30)));
  EXPECT_EQ(items(member), 2u);
  expect_kept(member);
  insert_behind(member, "2026-08-17T09:00:00Z");
  EXPECT_TRUE(eventually([&] { return items(member) == 3u; }, std::chrono::seconds(10)));
}

TEST_F(api_cache_test, a_tiny_budget_evicts_and_answers_stay_right) {
  for (int day = 10; day < 16; ++day)
    create(member, "2026-08-" + std::to_string(day) + "T09:00:00Z", "2026-08-" + std::to_string(day) + "T10:00:00Z");
  await_notifications();
  constexpr std::size_t budget = 4096;
  cache.set_budget(budget);
  for (int round = 0; round < 3; ++round)
    for (int limit = 1; limit <= 6; ++limit) {
      EXPECT_EQ(items(member, "?limit=" + std::to_string(limit)), static_cast<std::size_t>(limit));
      EXPECT_LE(cache.bytes(), budget);
    }
  EXPECT_GT(metric_registry.counters("upsync_api_cache_evictions_total", "").only().value(), 0.0);
  EXPECT_GT(cache.entries(), 0u);
}

TEST_F(api_cache_test, a_zero_budget_keeps_nothing) {
  cache.set_budget(0);
  create(member, "2026-08-15T09:00:00Z", "2026-08-15T10:00:00Z");
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(items(member), 1u);
  EXPECT_EQ(cache_count("hit"), 0.0);
  EXPECT_EQ(cache_count("off"), 3.0);
  EXPECT_EQ(cache.entries(), 0u);
  EXPECT_EQ(cache.bytes(), 0u);
}
