// GET /api/v1/upwork/contracts/{id}/reconciliation over HTTP (issue 16): defaults, every
// day of the range present, week states, validation with machine codes, roles, workspace
// isolation, and the dashboard's per-organization count of days that are not a match.
#include "common/time_format.hpp"
#include "tests/http/api_fixture.hpp"

#include <ctime>

using namespace upsync;
using namespace upsync::testing;

namespace {

std::int64_t today() { return static_cast<std::int64_t>(std::time(nullptr)) / 86400; }
std::string date(std::int64_t day) { return time_format::format_date(day); }

} // namespace

class upwork_reconciliation : public api_fixture {
protected:
  upwork_reconciliation() {
    http::add_upwork_status_routes(routes);
    http::add_upwork_reconciliation_routes(routes);
    sql("INSERT INTO upwork_connections (workspace_id, created_by) VALUES (" + std::to_string(ws_a) + ", "
        + manager.id() + ")");
    sql("INSERT INTO upwork_organizations (workspace_id, id, connection_id, name, type)"
        " SELECT workspace_id, 'org-1', id, 'Nomadic Soft', 'agency' FROM upwork_connections");
    sql("INSERT INTO upwork_users (workspace_id, organization_id, upwork_user_id, name)"
        " VALUES ("
        + std::to_string(ws_a) + ", 'org-1', 'u1', 'Ann Lee')");
    sql("INSERT INTO upwork_contracts (workspace_id, id, organization_id, upwork_user_id, title, status, kind)"
        " VALUES ("
        + std::to_string(ws_a) + ", 'c1', 'org-1', 'u1', 'Backend', 'active', 'hourly')");
  }

  http_reply get(const std::string& query, const std::string& token, const std::string& contract = "c1") {
    return client->get("/api/v1/upwork/contracts/" + contract + "/reconciliation" + query, token);
  }

  void expect_error(const http_reply& r, unsigned status, const std::string& code, const std::string& field) {
    EXPECT_EQ(r.status, status) << r.body;
    json_doc doc{r.body};
    EXPECT_EQ(doc.str("/error/code"), code);
    EXPECT_FALSE(doc.str("/error/message").empty());
    if (!field.empty()) {
      EXPECT_EQ(doc.str("/error/field"), field);
    }
  }
};

TEST_F(upwork_reconciliation, by_default_the_last_14_utc_days_all_a_match_with_zeros) {
  auto r = get("", manager.token);
  ASSERT_EQ(r.status, 200u) << r.body;
  json_doc doc{r.body};
  EXPECT_EQ(doc.str("/contract_id"), "c1");
  EXPECT_EQ(doc.str("/to"), date(today()));
  EXPECT_EQ(doc.str("/from"), date(today() - 13));
  ASSERT_EQ(doc.size("/days"), 14u);
  for (std::size_t i = 0; i < 14; ++i) {
    auto at = "/days/" + std::to_string(i);
    EXPECT_EQ(doc.str(at + "/date"), date(today() - 13 + static_cast<std::int64_t>(i)));
    EXPECT_EQ(doc.str(at + "/status"), "match");
    for (const char* n :
         {"/upwork_seconds", "/synced_seconds", "/removed_upstream_seconds", "/changed_locally_seconds"})
      EXPECT_EQ(doc.integer(at + n), 0) << at << n;
  }
  // Today's week is open; the week 14 days ago locked a week ago at the latest.
  EXPECT_EQ(doc.str("/days/13/week"), "open");
  EXPECT_EQ(doc.str("/days/0/week"), "locked");
  // The weeks the range touches, Monday to Monday, each locking the Monday 12:00 UTC after it.
  auto weeks = doc.size("/weeks");
  ASSERT_GE(weeks, 2u);
  ASSERT_LE(weeks, 3u);
  auto now = static_cast<std::int64_t>(std::time(nullptr));
  for (std::size_t i = 0; i < weeks; ++i) {
    auto at = "/weeks/" + std::to_string(i);
    auto monday = *time_format::parse_date(doc.str(at + "/week_start"));
    EXPECT_EQ((monday + 3) % 7, 0) << "a Monday"; // 1970-01-05 (day 4) was a Monday
    auto locks = *time_format::parse_rfc3339(doc.str(at + "/locks_at"));
    EXPECT_EQ(locks, (monday + 7) * 86400 + 12 * 3600);
    EXPECT_EQ(doc.str(at + "/state"), now < locks ? "open" : "locked");
  }
  EXPECT_LE(*time_format::parse_date(doc.str("/weeks/0/week_start")), today() - 13);
  EXPECT_GT(*time_format::parse_date(doc.str("/weeks/0/week_start")), today() - 20);
}

TEST_F(upwork_reconciliation, time_upwork_reports_but_sync_has_not_written_is_pending_and_counted) {
  auto day = today() - 2;
  sql("INSERT INTO upwork_reported_days (workspace_id, contract_id, day, seconds) VALUES (" + std::to_string(ws_a)
      + ", 'c1', date '" + date(day) + "', 3600)");
  auto r = get("?from=" + date(day - 1) + "&to=" + date(day), manager.token);
  ASSERT_EQ(r.status, 200u) << r.body;
  json_doc doc{r.body};
  ASSERT_EQ(doc.size("/days"), 2u);
  EXPECT_EQ(doc.str("/days/0/status"), "match");
  EXPECT_EQ(doc.str("/days/1/status"), "pending");
  EXPECT_EQ(doc.integer("/days/1/upwork_seconds"), 3600);
  EXPECT_EQ(doc.integer("/days/1/synced_seconds"), 0);
  // Only `from`: up to today.
  r = get("?from=" + date(day), admin.token);
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(json_doc{r.body}.size("/days"), 3u);
  // The dashboard counts it for the organization.
  auto status = client->get("/api/v1/upwork/status", manager.token);
  ASSERT_EQ(status.status, 200u) << status.body;
  EXPECT_EQ(json_doc{status.body}.integer("/organizations/0/reconciliation_mismatches"), 1);
  // Older than the dashboard's 14 days: no longer counted there.
  sql("UPDATE upwork_reported_days SET day = day - 20");
  status = client->get("/api/v1/upwork/status", manager.token);
  EXPECT_EQ(json_doc{status.body}.integer("/organizations/0/reconciliation_mismatches"), 0);
}

TEST_F(upwork_reconciliation, bad_dates_and_ranges_are_refused_with_a_machine_code) {
  expect_error(get("?from=yesterday", manager.token), 400, "invalid_request", "from");
  expect_error(get("?to=2026-02-30", manager.token), 400, "invalid_request", "to");
  expect_error(get("?from=2026-08-15T00:00:00Z", manager.token), 400, "invalid_request", "from");
  expect_error(get("?from=2026-08-15&to=2026-08-14", manager.token), 400, "invalid_request", "from");
  expect_error(get("?from=2026-01-01&to=2026-04-03", manager.token), 422, "unprocessable", "to"); // 93 days
  auto longest = get("?from=2026-01-01&to=2026-04-02", manager.token);                            // 92 days
  ASSERT_EQ(longest.status, 200u) << longest.body;
  EXPECT_EQ(json_doc{longest.body}.size("/days"), 92u);
  expect_error(get("", manager.token, std::string(65, 'x')), 400, "invalid_request", "contract_id");
  // The calendar's ends are dates like any other.
  for (const char* range : {"?from=0001-01-01&to=0001-01-03", "?from=9999-12-29&to=9999-12-31"}) {
    auto r = get(range, manager.token);
    ASSERT_EQ(r.status, 200u) << range << " " << r.body;
    EXPECT_EQ(json_doc{r.body}.size("/days"), 3u);
  }
}

TEST_F(upwork_reconciliation, managers_and_above_of_the_workspace_only) {
  expect_error(get("", member.token), 403, "forbidden", "");
  EXPECT_EQ(get("", "").status, 401u);
  expect_error(get("", manager.token, "c2"), 404, "not_found", "");
  expect_error(get("", other_admin.token), 404, "not_found", ""); // another workspace's contract
  EXPECT_EQ(get("", admin.token).status, 200u);
}
