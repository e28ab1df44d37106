// Wizard step 3 (review, confirm), the status dashboard and diagnosis over HTTP, on Upwork
// rows seeded straight into a fresh PostgreSQL database (discovery is tested elsewhere).
// Over 400 lines on purpose: review, confirm, status and diagnosis read the same seeded rows; one fixture seeds them.
#include "http/sync_control.hpp"
#include "storage/upwork_connections_store.hpp"
#include "storage/upwork_mapping_store.hpp"
#include "storage/upwork_organizations_store.hpp"
#include "storage/upwork_rate_history.hpp"
#include "storage/upwork_rate_store.hpp"
#include "tests/http/api_fixture.hpp"

#include <cstdio>
#include <mutex>
#include <set>

using namespace upsync;
using namespace upsync::testing;
namespace store = storage::upwork_store;

namespace {

struct recording_control final : http::sync_control {
  void organization_changed(storage::db_id, const std::string& org) override {
    std::lock_guard<std::mutex> lock{m};
    orgs.insert(org);
  }
  void connections_changed() override {}
  void refresh_organization(storage::db_id, const std::string&) override {}
  std::set<std::string> seen() {
    std::lock_guard<std::mutex> lock{m};
    return orgs;
  }
  std::mutex m;
  std::set<std::string> orgs;
};

std::string error_code(const http_reply& r) { return json_doc{r.body}.str("/error/code"); }

} // namespace

class upwork_review_status : public api_fixture {
protected:
  upwork_review_status() {
    // No request has reached the server yet, so adding routes now races with nothing.
    http::add_upwork_wizard_review_routes(routes, 90, control);
    http::add_upwork_status_routes(routes);
    seed_upwork();
  }

  /// Agency "Nomadic Soft": u1 mapped (c1, existing project, pay rate entered), u2 "create
  /// new member" (c2, inline project), u3 off (c3). Client "Acme Corp": u4 mapped (c4).
  /// Freelancer "Off" is deselected (u5, c5).
  void seed_upwork() {
    pqxx::connection db{url};
    pqxx::work tx{db};
    connection = store::create_connection(tx, ws_a, manager.record.id, std::nullopt);
    project = storage::project_store::create(tx, ws_a, "Website", std::string{"Initech"}, true).id;
    auto org = [&](const std::string& id, const std::string& name, const std::string& type) {
      store::upsert_organization(tx, ws_a, {id, connection, std::nullopt, name, type, std::nullopt, 0, 0});
    };
    org("agency-1", "Nomadic Soft", "agency");
    org("client-1", "Acme Corp", "client");
    org("off-1", "Off", "freelancer");
    store::set_organizations_selected(tx, ws_a, {"off-1"}, false);
    auto user = [&](const std::string& org_id, const std::string& id, const std::string& name,
                    const store::user_mapping& m) {
      store::upsert_user(tx, ws_a, {org_id, id, name, std::nullopt});
      store::update_user_mapping(tx, ws_a, org_id, id, m);
    };
    store::user_mapping mapped;
    mapped.member_id = member.record.id;
    mapped.sync = true;
    user("agency-1", "u1", "Ann Lee", mapped);
    store::user_mapping create;
    create.sync = true;
    create.create_member_name = "Bob New";
    create.create_member_email = "bob.new@example.com";
    user("agency-1", "u2", "Bob New", create);
    user("agency-1", "u3", "Cy Off", {});
    store::user_mapping admin_mapped;
    admin_mapped.member_id = admin.record.id;
    admin_mapped.sync = true;
    user("client-1", "u4", "Dee Admin", admin_mapped);
    user("off-1", "u5", "Eve Off", mapped);
    auto contract = [&](const std::string& id, const std::string& org_id, const std::string& user_id,
                        const std::string& rate, std::optional<storage::db_id> project_id, bool sync) {
      store::upsert_contract(
        tx, ws_a,
        {id, org_id, user_id, "Contract " + id, std::string{"Client of " + id}, "active", "hourly", rate, "USD"});
      store::update_contract_mapping(tx, ws_a, id, {project_id, sync, false});
    };
    contract("c1", "agency-1", "u1", "40.00", project, true);
    contract("c2", "agency-1", "u2", "50.00", std::nullopt, true);
    contract("c3", "agency-1", "u3", "60.00", std::nullopt, false);
    contract("c4", "client-1", "u4", "30.00", project, true);
    contract("c5", "off-1", "u5", "20.00", project, true);
    tx.exec0("UPDATE upwork_contracts SET create_project = "
             "'{\"name\": \"Inline\", \"client_name\": \"Globex\", \"billable\": true}'::jsonb"
             " WHERE id = 'c2'");
    storage::upwork_rate_store::set_step(tx, ws_a, "c1", "pay", 19000, std::string{"20.00"}, "USD");
    storage::upwork_rate_store::set_step(tx, ws_a, "c1", "pay", 20000, std::string{"25.00"}, "USD");
    tx.commit();
  }

  http_reply confirm(const std::string& token, const std::string& body = "") {
    return client->post("/api/v1/upwork/wizard/confirm", body, token);
  }

  int count(const std::string& query) {
    pqxx::connection db{url};
    pqxx::work tx{db};
    return tx.exec1(query)[0].as<int>();
  }

  std::vector<std::string> reasons(const std::string& contract) {
    auto r = client->get("/api/v1/upwork/contracts/" + contract + "/diagnosis", manager.token);
    EXPECT_EQ(r.status, 200u) << r.body;
    json_doc doc{r.body};
    std::vector<std::string> out;
    simdjson::dom::array list;
    EXPECT_FALSE(doc.at("/reasons").get(list));
    for (auto e : list) {
      std::string_view s;
      if (!e.get(s))
        out.emplace_back(s);
    }
    bool syncing = true;
    EXPECT_FALSE(doc.at("/syncing").get(syncing));
    EXPECT_EQ(syncing, out.empty());
    return out;
  }

  std::shared_ptr<recording_control> control = std::make_shared<recording_control>();
  storage::db_id connection = 0;
  storage::db_id project = 0;
};

TEST_F(upwork_review_status, review_groups_decisions_by_selected_organization) {
  auto r = client->get("/api/v1/upwork/wizard/review", manager.token);
  ASSERT_EQ(r.status, 200u) << r.body;
  json_doc doc{r.body};
  ASSERT_EQ(doc.size("/organizations"), 2u); // the deselected one is not reviewed
  EXPECT_EQ(doc.str("/organizations/0/id"), "agency-1");
  EXPECT_EQ(doc.str("/organizations/0/section_label"), "Freelancer/Agency (Nomadic Soft)");
  ASSERT_EQ(doc.size("/organizations/0/members_to_link"), 1u);
  EXPECT_EQ(doc.str("/organizations/0/members_to_link/0/upwork_user_id"), "u1");
  EXPECT_EQ(doc.str("/organizations/0/members_to_link/0/member_id"), member.id());
  ASSERT_EQ(doc.size("/organizations/0/members_to_create"), 1u);
  EXPECT_EQ(doc.str("/organizations/0/members_to_create/0/upwork_user_id"), "u2");
  EXPECT_EQ(doc.str("/organizations/0/members_to_create/0/name"), "Bob New");
  EXPECT_EQ(doc.str("/organizations/0/members_to_create/0/email"), "bob.new@example.com");
  ASSERT_EQ(doc.size("/organizations/0/contracts"), 2u);
  EXPECT_EQ(doc.str("/organizations/0/contracts/0/id"), "c1");
  EXPECT_EQ(doc.str("/organizations/0/contracts/0/title"), "Contract c1");
  EXPECT_EQ(doc.str("/organizations/0/contracts/0/project_id"), std::to_string(project));
  EXPECT_EQ(doc.str("/organizations/0/contracts/0/project_name"), "Website");
  EXPECT_EQ(doc.str("/organizations/0/contracts/0/pay_rate"), "25.00");  // the latest entered
  EXPECT_EQ(doc.str("/organizations/0/contracts/0/bill_rate"), "40.00"); // agency: Upwork's rate
  EXPECT_EQ(doc.str("/organizations/0/contracts/0/currency"), "USD");
  EXPECT_EQ(doc.str("/organizations/0/contracts/1/id"), "c2");
  EXPECT_TRUE(doc.is_null("/organizations/0/contracts/1/project_id"));
  EXPECT_EQ(doc.str("/organizations/0/contracts/1/project_name"), "Inline");
  EXPECT_TRUE(doc.is_null("/organizations/0/contracts/1/pay_rate"));

  EXPECT_EQ(doc.str("/organizations/1/id"), "client-1");
  EXPECT_EQ(doc.str("/organizations/1/section_label"), "Client (Acme Corp)");
  EXPECT_EQ(doc.str("/organizations/1/members_to_link/0/member_id"), admin.id());
  EXPECT_EQ(doc.size("/organizations/1/members_to_create"), 0u);
  EXPECT_EQ(doc.str("/organizations/1/contracts/0/pay_rate"), "30.00"); // client: Upwork's rate
  EXPECT_TRUE(doc.is_null("/organizations/1/contracts/0/bill_rate"));
}

TEST_F(upwork_review_status, confirm_creates_locks_starts_and_is_idempotent) {
  auto r = confirm(manager.token);
  ASSERT_EQ(r.status, 202u) << r.body;
  EXPECT_EQ(r.body, R"({"contracts_started":3})");
  EXPECT_EQ(control->seen(), (std::set<std::string>{"agency-1", "client-1"}));

  pqxx::connection db{url};
  {
    pqxx::work tx{db};
    auto bob = tx.exec1("SELECT id, name, role FROM members WHERE email = 'bob.new@example.com'");
    EXPECT_EQ(bob[1].as<std::string>(), "Bob New");
    EXPECT_EQ(bob[2].as<std::string>(), "member");
    auto u2 = tx.exec1("SELECT member_id, locked, create_member_name IS NULL FROM upwork_users"
                       " WHERE upwork_user_id = 'u2'");
    EXPECT_EQ(u2[0].as<storage::db_id>(), bob[0].as<storage::db_id>());
    EXPECT_TRUE(u2[1].as<bool>());
    EXPECT_TRUE(u2[2].as<bool>());
    auto inline_project = tx.exec1("SELECT id, client_name, billable FROM projects WHERE name = 'Inline'");
    EXPECT_EQ(inline_project[1].as<std::string>(), "Globex");
    EXPECT_TRUE(inline_project[2].as<bool>());
    auto c2 = tx.exec1("SELECT project_id, locked, create_project IS NULL FROM upwork_contracts WHERE id = 'c2'");
    EXPECT_EQ(c2[0].as<storage::db_id>(), inline_project[0].as<storage::db_id>());
    EXPECT_TRUE(c2[1].as<bool>());
    EXPECT_TRUE(c2[2].as<bool>());
    // Locked: what syncs; open: what does not, and the deselected organization.
    auto locked = tx.exec("SELECT id FROM upwork_contracts WHERE locked ORDER BY id");
    ASSERT_EQ(locked.size(), 3u);
    EXPECT_EQ(locked[2][0].as<std::string>(), "c4");
    EXPECT_EQ(tx.exec1("SELECT count(*) FROM upwork_users WHERE locked")[0].as<int>(), 3);
    auto cursors = tx.exec("SELECT contract_id, import_state, days_total, days_done"
                           " FROM upwork_sync_cursors ORDER BY contract_id");
    ASSERT_EQ(cursors.size(), 3u);
    for (const auto& c : cursors) {
      EXPECT_EQ(c[1].as<std::string>(), "pending");
      EXPECT_EQ(c[2].as<int>(), 90);
      EXPECT_EQ(c[3].as<int>(), 0);
    }
  }

  // Twice: nothing new is created, locked or started.
  auto again = confirm(manager.token, "{}");
  ASSERT_EQ(again.status, 202u) << again.body;
  EXPECT_EQ(again.body, R"({"contracts_started":0})");
  EXPECT_EQ(count("SELECT count(*) FROM members WHERE email = 'bob.new@example.com'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM projects WHERE name = 'Inline'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM upwork_sync_cursors"), 3);
  // And the review has nothing left to link or create.
  json_doc review{client->get("/api/v1/upwork/wizard/review", manager.token).body};
  EXPECT_EQ(review.size("/organizations/0/members_to_link"), 0u);
  EXPECT_EQ(review.size("/organizations/0/members_to_create"), 0u);
}

TEST_F(upwork_review_status, an_email_conflict_applies_nothing) {
  sql("UPDATE upwork_users SET create_member_email = 'MANAGER@example.com' WHERE upwork_user_id = 'u2'");
  auto r = confirm(admin.token);
  EXPECT_EQ(r.status, 409u) << r.body;
  EXPECT_EQ(error_code(r), "conflict");
  EXPECT_TRUE(control->seen().empty());
  EXPECT_EQ(count("SELECT count(*) FROM projects WHERE name = 'Inline'"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM upwork_contracts WHERE locked"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM upwork_users WHERE locked"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM upwork_sync_cursors"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM upwork_users WHERE upwork_user_id = 'u2' AND member_id IS NULL"), 1);
}

TEST_F(upwork_review_status, status_counts_today_in_the_workspace_time_zone) {
  ASSERT_EQ(confirm(manager.token).status, 202u);
  // As the engine writes them: 13 intervals of c1. Workspace A lives in Europe/Berlin, so
  // 00:30 there today is still yesterday in UTC, and 23:30 yesterday there is not today.
  auto insert = [&](const std::string& start_offset, const std::string& length) {
    sql("INSERT INTO time_intervals (workspace_id, member_id, project_id, started_at, ended_at,"
        " source, upwork_contract_id)"
        " SELECT "
        + std::to_string(ws_a) + ", " + member.id() + ", " + std::to_string(project) + ", d + interval '" + start_offset
        + "', d + interval '" + start_offset + "' + interval '" + length
        + "', 'upwork', 'c1'"
          " FROM (SELECT date_trunc('day', now() AT TIME ZONE 'Europe/Berlin')"
          "        AT TIME ZONE 'Europe/Berlin' AS d) x");
  };
  insert("30 minutes", "1 hour");
  insert("2 hours", "30 minutes");
  insert("-30 minutes", "20 minutes");
  for (int day = 2; day <= 11; ++day)
    insert("-" + std::to_string(day) + " days", "10 minutes");
  sql("UPDATE upwork_sync_cursors SET import_state = 'running', days_done = 30 WHERE contract_id = 'c1'");

  auto r = client->get("/api/v1/upwork/status", manager.token);
  ASSERT_EQ(r.status, 200u) << r.body;
  json_doc doc{r.body};
  ASSERT_EQ(doc.size("/organizations"), 2u);
  EXPECT_EQ(doc.str("/organizations/0/id"), "agency-1");
  EXPECT_EQ(doc.str("/organizations/0/name"), "Nomadic Soft");
  EXPECT_EQ(doc.str("/organizations/0/type"), "agency");
  EXPECT_TRUE(doc.is_null("/organizations/0/last_synced_at"));
  // Every contract is listed (c3 does not sync); all three are active on Upwork.
  std::int64_t active = 0, syncing = 0;
  EXPECT_FALSE(doc.at("/organizations/0/active_contracts").get(active));
  EXPECT_FALSE(doc.at("/organizations/0/syncing_contracts").get(syncing));
  EXPECT_EQ(active, 3);
  EXPECT_EQ(syncing, 2);
  ASSERT_EQ(doc.size("/organizations/0/contracts"), 3u);
  const std::string c1 = "/organizations/0/contracts/0";
  EXPECT_EQ(doc.str(c1 + "/id"), "c1");
  EXPECT_EQ(doc.str(c1 + "/title"), "Contract c1");
  EXPECT_EQ(doc.str(c1 + "/client_name"), "Initech"); // the workspace project's client
  EXPECT_EQ(doc.str(c1 + "/upwork_user_name"), "Ann Lee");
  EXPECT_EQ(doc.str(c1 + "/project/id"), std::to_string(project));
  EXPECT_EQ(doc.str(c1 + "/project/name"), "Website");
  EXPECT_EQ(doc.str(c1 + "/hours_today"), "1.50");
  EXPECT_EQ(doc.str(c1 + "/import/state"), "running");
  std::int64_t done = 0, total = 0;
  EXPECT_FALSE(doc.at(c1 + "/import/days_done").get(done));
  EXPECT_FALSE(doc.at(c1 + "/import/days_total").get(total));
  EXPECT_EQ(done, 30);
  EXPECT_EQ(total, 90);
  ASSERT_EQ(doc.size(c1 + "/recent_entries"), 10u);
  for (std::size_t i = 1; i < 10; ++i)
    EXPECT_GT(doc.str(c1 + "/recent_entries/" + std::to_string(i - 1) + "/started_at"),
              doc.str(c1 + "/recent_entries/" + std::to_string(i) + "/started_at"));
  EXPECT_EQ(doc.str(c1 + "/recent_entries/0/hours"), "0.50");
  EXPECT_EQ(doc.str(c1 + "/recent_entries/1/hours"), "1.00");
  EXPECT_EQ(doc.str(c1 + "/recent_entries/2/hours"), "0.33");
  EXPECT_EQ(doc.str(c1 + "/recent_entries/0/member/id"), member.id());
  EXPECT_EQ(doc.str(c1 + "/recent_entries/0/member/name"), "member");
  EXPECT_EQ(doc.str(c1 + "/recent_entries/0/ended_at").back(), 'Z');
  // c2 has no time yet: zero hours, no entries.
  EXPECT_EQ(doc.str("/organizations/0/contracts/1/hours_today"), "0.00");
  EXPECT_EQ(doc.size("/organizations/0/contracts/1/recent_entries"), 0u);
  EXPECT_EQ(doc.str("/organizations/1/contracts/0/id"), "c4");
  // Syncing or not, each with its diagnosis; c3 has no project.
  EXPECT_TRUE(doc.boolean(c1 + "/syncing"));
  EXPECT_FALSE(doc.boolean(c1 + "/closing"));
  EXPECT_TRUE(doc.is_null(c1 + "/closing_until"));
  EXPECT_EQ(doc.size(c1 + "/reasons"), 0u);
  EXPECT_EQ(doc.str(c1 + "/upwork_status"), "active");
  const std::string c3 = "/organizations/0/contracts/2";
  EXPECT_EQ(doc.str(c3 + "/id"), "c3");
  EXPECT_FALSE(doc.boolean(c3 + "/syncing"));
  EXPECT_TRUE(doc.is_null(c3 + "/project"));
  EXPECT_TRUE(doc.is_null(c3 + "/client_name"));
  EXPECT_EQ(doc.str(c3 + "/import/state"), "pending");
  ASSERT_EQ(doc.size(c3 + "/reasons"), 5u);
  EXPECT_EQ(doc.str(c3 + "/reasons/0"), "user_sync_off");
  EXPECT_EQ(doc.str(c3 + "/reasons/4"), "not_confirmed");
}

TEST_F(upwork_review_status, nothing_syncs_before_confirm_and_a_later_contract_waits_for_its_own) {
  // Step 2 chose projects and switched sync on; the import starts only at confirm (F6).
  EXPECT_EQ(reasons("c1"), std::vector<std::string>{"not_confirmed"});
  auto before = client->get("/api/v1/upwork/status", manager.token);
  ASSERT_EQ(before.status, 200u) << before.body;
  json_doc empty{before.body};
  ASSERT_EQ(empty.size("/organizations"), 2u);
  // Listed, but none syncs yet.
  EXPECT_EQ(empty.size("/organizations/0/contracts"), 3u);
  EXPECT_EQ(empty.size("/organizations/1/contracts"), 1u);
  EXPECT_FALSE(empty.boolean("/organizations/0/contracts/0/syncing"));
  EXPECT_EQ(empty.str("/organizations/0/contracts/0/reasons/0"), "not_confirmed");
  std::int64_t syncing_before = -1;
  EXPECT_FALSE(empty.at("/organizations/0/syncing_contracts").get(syncing_before));
  EXPECT_EQ(syncing_before, 0);
  json_doc review{client->get("/api/v1/upwork/wizard/review", manager.token).body};
  EXPECT_FALSE(review.boolean("/organizations/0/contracts/0/confirmed"));

  ASSERT_EQ(confirm(manager.token).status, 202u);
  EXPECT_TRUE(reasons("c1").empty());
  json_doc after{client->get("/api/v1/upwork/status", manager.token).body};
  EXPECT_EQ(after.size("/organizations/0/contracts"), 3u);
  std::int64_t syncing_after = -1;
  EXPECT_FALSE(after.at("/organizations/0/syncing_contracts").get(syncing_after));
  EXPECT_EQ(syncing_after, 2);
  json_doc confirmed{client->get("/api/v1/upwork/wizard/review", manager.token).body};
  EXPECT_TRUE(confirmed.boolean("/organizations/0/contracts/0/confirmed"));

  // A contract found later (refresh) and mapped waits for review and confirm of its own.
  sql("INSERT INTO upwork_contracts (workspace_id, id, organization_id, upwork_user_id, title, status, kind,"
      " upwork_rate, project_id, sync) VALUES ("
      + std::to_string(ws_a)
      + ", 'c6', 'agency-1', 'u1', 'Later',"
        " 'active', 'hourly', 45, "
      + std::to_string(project) + ", true)");
  EXPECT_EQ(reasons("c6"), std::vector<std::string>{"not_confirmed"});
  EXPECT_TRUE(reasons("c1").empty());
  auto again = confirm(manager.token);
  ASSERT_EQ(again.status, 202u) << again.body;
  EXPECT_EQ(again.body, R"({"contracts_started":1})");
  EXPECT_TRUE(reasons("c6").empty());
}

TEST_F(upwork_review_status, diagnosis_names_every_reason) {
  EXPECT_EQ(reasons("c1"), std::vector<std::string>{"not_confirmed"});
  ASSERT_EQ(confirm(manager.token).status, 202u);
  EXPECT_TRUE(reasons("c1").empty());
  struct condition {
    std::string make, undo, reason;
  };
  std::vector<condition> conditions{
    {"UPDATE upwork_organizations SET selected = false WHERE id = 'agency-1'",
     "UPDATE upwork_organizations SET selected = true WHERE id = 'agency-1'", "organization_not_selected"},
    {"UPDATE upwork_connections SET status = 'needs_reauth'", "UPDATE upwork_connections SET status = 'active'",
     "connection_needs_reauth"},
    {"UPDATE upwork_connections SET status = 'disconnected'", "UPDATE upwork_connections SET status = 'active'",
     "connection_disconnected"},
    {"UPDATE upwork_users SET sync = false WHERE upwork_user_id = 'u1'",
     "UPDATE upwork_users SET sync = true WHERE upwork_user_id = 'u1'", "user_sync_off"},
    {"UPDATE upwork_users SET member_id = NULL WHERE upwork_user_id = 'u1'",
     "UPDATE upwork_users SET member_id = " + member.id() + " WHERE upwork_user_id = 'u1'", "member_not_mapped"},
    {"UPDATE upwork_contracts SET sync = false WHERE id = 'c1'",
     "UPDATE upwork_contracts SET sync = true WHERE id = 'c1'", "contract_sync_off"},
    {"UPDATE upwork_contracts SET project_id = NULL WHERE id = 'c1'",
     "UPDATE upwork_contracts SET project_id = " + std::to_string(project) + " WHERE id = 'c1'", "no_project"},
    // Paused long enough ago that its closing grace is over (c1 has synced: confirm).
    {"UPDATE upwork_contracts SET status = 'paused', status_changed_at = now() - interval '14 days'"
     " WHERE id = 'c1'",
     "UPDATE upwork_contracts SET status = 'active' WHERE id = 'c1'", "contract_not_active"},
    {"UPDATE upwork_contracts SET kind = 'fixed' WHERE id = 'c1'",
     "UPDATE upwork_contracts SET kind = 'hourly' WHERE id = 'c1'", "fixed_price"},
    {"UPDATE upwork_contracts SET confirmed_at = NULL WHERE id = 'c1'",
     "UPDATE upwork_contracts SET confirmed_at = now() WHERE id = 'c1'", "not_confirmed"},
  };
  for (const auto& c : conditions) {
    SCOPED_TRACE(c.reason);
    sql(c.make);
    EXPECT_EQ(reasons("c1"), std::vector<std::string>{c.reason});
    sql(c.undo);
  }
  // Several at once: every one is named.
  EXPECT_EQ(reasons("c3"), (std::vector<std::string>{"user_sync_off", "member_not_mapped", "contract_sync_off",
                                                     "no_project", "not_confirmed"}));
  EXPECT_EQ(reasons("c5"), (std::vector<std::string>{"organization_not_selected", "not_confirmed"}));
}

TEST_F(upwork_review_status, managers_only_own_workspace_only_good_input_only) {
  for (const auto& path :
       {"/api/v1/upwork/wizard/review", "/api/v1/upwork/status", "/api/v1/upwork/contracts/c1/diagnosis"}) {
    SCOPED_TRACE(path);
    auto r = client->get(path, member.token);
    EXPECT_EQ(r.status, 403u);
    EXPECT_EQ(error_code(r), "forbidden");
    EXPECT_EQ(client->get(path).status, 401u);
  }
  EXPECT_EQ(confirm(member.token).status, 403u);
  EXPECT_EQ(count("SELECT count(*) FROM upwork_contracts WHERE locked"), 0);

  // Another workspace sees none of it.
  auto other = client->get("/api/v1/upwork/contracts/c1/diagnosis", other_admin.token);
  EXPECT_EQ(other.status, 404u);
  EXPECT_EQ(error_code(other), "not_found");
  EXPECT_EQ(client->get("/api/v1/upwork/status", other_admin.token).body, R"({"organizations":[]})");
  EXPECT_EQ(client->get("/api/v1/upwork/wizard/review", other_admin.token).body, R"({"organizations":[]})");
  auto other_confirm = confirm(other_admin.token);
  EXPECT_EQ(other_confirm.body, R"({"contracts_started":0})");
  EXPECT_EQ(count("SELECT count(*) FROM upwork_contracts WHERE locked"), 0);

  EXPECT_EQ(client->get("/api/v1/upwork/contracts/nope/diagnosis", manager.token).status, 404u);
  auto too_long = client->get("/api/v1/upwork/contracts/" + std::string(65, '7') + "/diagnosis", manager.token);
  EXPECT_EQ(too_long.status, 400u);
  EXPECT_EQ(error_code(too_long), "invalid_request");
  for (const auto& body : {"{", "[]", R"({"start": true})", "null"}) {
    SCOPED_TRACE(body);
    auto r = confirm(manager.token, body);
    EXPECT_EQ(r.status, 400u) << r.body;
    EXPECT_EQ(error_code(r), "invalid_request");
  }
  EXPECT_EQ(count("SELECT count(*) FROM upwork_contracts WHERE locked"), 0);
}

TEST_F(upwork_review_status, status_groups_many_organizations_each_with_its_own_contracts_and_entries) {
  // 240 organizations (every fifth deselected), three contracts each (the third not
  // syncing), contract ids sorting in the opposite order to their organizations', and
  // twelve intervals for the first contract of each: the page, grouped from
  // workspace-wide queries, gives each organization its own contracts and entries.
  constexpr int orgs = 240;
  auto ws = std::to_string(ws_a);
  auto n_org = std::string{"'org-' || lpad(n::text, 3, '0')"};
  auto contract = [](const std::string& n, const std::string& j) {
    return "'k' || lpad(((" + std::to_string(orgs - 1) + " - " + n + ") * 3 + " + j + ")::text, 4, '0')";
  };
  sql("INSERT INTO upwork_organizations (workspace_id, id, connection_id, name, type, selected)"
      " SELECT "
      + ws + ", " + n_org + ", " + std::to_string(connection)
      + ", 'Org ' || n, 'agency', n % 5 <> 0"
        " FROM generate_series(0, "
      + std::to_string(orgs - 1) + ") n");
  sql("INSERT INTO upwork_users (workspace_id, organization_id, upwork_user_id, name, member_id, sync)"
      " SELECT "
      + ws + ", " + n_org + ", 'u', 'User ' || n, " + member.id()
      + ", true"
        " FROM generate_series(0, "
      + std::to_string(orgs - 1) + ") n");
  sql("INSERT INTO upwork_contracts (workspace_id, id, organization_id, upwork_user_id, title, status, kind,"
      " upwork_rate, project_id, sync, confirmed_at)"
      " SELECT "
      + ws + ", " + contract("n", "j") + ", " + n_org + ", 'u', 'Contract', 'active', 'hourly', 10, "
      + std::to_string(project)
      + ", j < 2, now()"
        " FROM generate_series(0, "
      + std::to_string(orgs - 1) + ") n CROSS JOIN generate_series(0, 2) j");
  sql("INSERT INTO time_intervals (workspace_id, member_id, project_id, started_at, ended_at, source,"
      " upwork_contract_id)"
      " SELECT "
      + ws + ", " + member.id() + ", " + std::to_string(project)
      + ", s, s + interval '30 minutes',"
        " 'upwork', "
      + contract("n", "0") + " FROM generate_series(0, " + std::to_string(orgs - 1)
      + ") n CROSS JOIN generate_series(0, 11) k"
        " CROSS JOIN LATERAL (SELECT timestamptz '2026-01-01 00:00Z' + k * interval '1 day'"
        "                            + n * interval '1 minute' AS s) x");

  auto r = client->get("/api/v1/upwork/status", manager.token);
  ASSERT_EQ(r.status, 200u) << r.body;
  json_doc doc{r.body};
  // agency-1 and client-1 (nothing confirmed there), then the selected org-NNN by id.
  ASSERT_EQ(doc.size("/organizations"), 2u + orgs - orgs / 5);
  EXPECT_EQ(doc.str("/organizations/0/id"), "agency-1");
  EXPECT_EQ(doc.size("/organizations/0/contracts"), 3u); // listed, none syncing
  std::size_t at = 2;
  for (int n = 0; n < orgs; ++n) {
    if (n % 5 == 0)
      continue;
    char id[16], first[16], second[16], newest[32];
    std::snprintf(id, sizeof id, "org-%03d", n);
    std::snprintf(first, sizeof first, "k%04d", (orgs - 1 - n) * 3);
    std::snprintf(second, sizeof second, "k%04d", (orgs - 1 - n) * 3 + 1);
    std::snprintf(newest, sizeof newest, "2026-01-12T%02d:%02d:00Z", n / 60, n % 60);
    SCOPED_TRACE(id);
    auto o = "/organizations/" + std::to_string(at++);
    ASSERT_EQ(doc.str(o + "/id"), id);
    std::int64_t active = 0, syncing = 0;
    EXPECT_FALSE(doc.at(o + "/active_contracts").get(active));
    EXPECT_FALSE(doc.at(o + "/syncing_contracts").get(syncing));
    EXPECT_EQ(active, 3);
    EXPECT_EQ(syncing, 2);
    ASSERT_EQ(doc.size(o + "/contracts"), 3u); // the third listed too, not syncing
    EXPECT_EQ(doc.str(o + "/contracts/0/id"), first);
    EXPECT_EQ(doc.str(o + "/contracts/1/id"), second);
    EXPECT_FALSE(doc.boolean(o + "/contracts/2/syncing"));
    EXPECT_EQ(doc.str(o + "/contracts/2/reasons/0"), "contract_sync_off");
    ASSERT_EQ(doc.size(o + "/contracts/0/recent_entries"), 10u);
    EXPECT_EQ(doc.str(o + "/contracts/0/recent_entries/0/started_at"), newest);
    EXPECT_EQ(doc.size(o + "/contracts/1/recent_entries"), 0u);
  }
}

TEST_F(upwork_review_status, a_closed_contract_that_was_syncing_is_closing_until_its_week_locks) {
  ASSERT_EQ(confirm(manager.token).status, 202u); // c1 syncs (its cursor is written)
  // Closed now, and c4 (never synced: its cursor removed) paused now.
  sql("UPDATE upwork_contracts SET status = 'closed', status_changed_at = now() WHERE id = 'c1'");
  sql("DELETE FROM upwork_sync_cursors WHERE contract_id = 'c4'");
  sql("UPDATE upwork_contracts SET status = 'paused', status_changed_at = now() WHERE id = 'c4'");
  // The grace ends the Monday 12:00 UTC after this week.
  pqxx::connection db{url};
  pqxx::work tx{db};
  auto grace_end =
    tx.exec1("SELECT to_char((date_trunc('week', now() AT TIME ZONE 'UTC') + interval '7 days 12 hours'),"
             " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')")[0]
      .as<std::string>();
  tx.commit();

  EXPECT_TRUE(reasons("c1").empty());
  json_doc diagnosis{client->get("/api/v1/upwork/contracts/c1/diagnosis", manager.token).body};
  EXPECT_EQ(diagnosis.str("/closing_until"), grace_end);
  EXPECT_EQ(reasons("c4"), std::vector<std::string>{"contract_not_active"});

  auto r = client->get("/api/v1/upwork/status", manager.token);
  ASSERT_EQ(r.status, 200u) << r.body;
  json_doc doc{r.body};
  const std::string c1 = "/organizations/0/contracts/0";
  EXPECT_EQ(doc.str(c1 + "/upwork_status"), "closed");
  EXPECT_TRUE(doc.boolean(c1 + "/syncing"));
  EXPECT_TRUE(doc.boolean(c1 + "/closing"));
  EXPECT_EQ(doc.str(c1 + "/closing_until"), grace_end);
  std::int64_t active = 0, syncing = 0;
  EXPECT_FALSE(doc.at("/organizations/0/active_contracts").get(active));
  EXPECT_FALSE(doc.at("/organizations/0/syncing_contracts").get(syncing));
  EXPECT_EQ(active, 2);  // c2, c3
  EXPECT_EQ(syncing, 2); // c1 closing, c2
  EXPECT_FALSE(doc.boolean("/organizations/1/contracts/0/syncing"));
  EXPECT_FALSE(doc.boolean("/organizations/1/contracts/0/closing"));

  // Two weeks later the grace is over.
  sql("UPDATE upwork_contracts SET status_changed_at = now() - interval '14 days' WHERE id = 'c1'");
  EXPECT_EQ(reasons("c1"), std::vector<std::string>{"contract_not_active"});
  json_doc later{client->get("/api/v1/upwork/status", manager.token).body};
  EXPECT_FALSE(later.boolean(c1 + "/syncing"));
  EXPECT_FALSE(later.boolean(c1 + "/closing"));
  EXPECT_TRUE(later.is_null(c1 + "/closing_until"));
  EXPECT_EQ(later.str(c1 + "/reasons/0"), "contract_not_active");
}
