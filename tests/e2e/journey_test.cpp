// The acceptance journey of the integration API (issue 6), over real HTTP against the real
// upsyncd process (engine and API as shipped), a fresh PostgreSQL database and upwork-sim
// with the demo data set: connect through OAuth, the three wizard steps, confirm, the import,
// status figures equal to the simulator's truth, diagnosis reasons, edits after confirm,
// refresh, re-authorization after the simulator revoked every token, and disconnect.
#include "tests/e2e/journey_support.hpp"

#include <chrono>
#include <gtest/gtest.h>
#include <pqxx/pqxx>

using namespace upsync::testing;

namespace {

// Upwork ids of the demo data set (sim/demo_preset.cpp).
const std::string agency = "1426081917340139521";     // Nomadic Soft
const std::string acme = "1426081917340139522";       // Acme Corp (client)
const std::string freelancer = "1426081917340139523"; // John Smith
const std::string globex = "1426081917340139524";     // Globex GmbH (client)
const std::string backend = "38117204";               // José Müller, a raise 45 days ago
const std::string mobile = "38117205";                // Zoë Ørsted
const std::string devops = "38117206";                // Łukasz Wójcik, a night owl
const std::string qa = "38117207";                    // paused
const std::string pipeline = "38117208";              // John Smith, freelancer
const std::string writing = "38117209";               // fixed price
const std::string wordpress = "38117210";             // closed
const std::string fresh = "38117299";                 // created at run time, found by refresh
const std::string priya_user = "1387711212009881605";

} // namespace

void journey::refresh_part(const mapping_view& before, const std::string& project_id) {
  // Upwork changes meanwhile: John Smith's rate goes up from yesterday, and the agency
  // starts a contract for Priya Patel with five days of time already.
  auto raised = sim_http->post("/__control/contracts/" + pipeline,
                               R"({"rate": "75.00", "rate_from": ")" + iso_date(today() - 1) + R"("})");
  ASSERT_EQ(raised.status, 200u) << raised.body;
  auto created = sim_http->post(
    "/__control/contracts", R"({"id": ")" + fresh + R"(", "org": ")" + agency + R"(", "client_org": ")" + acme
                              + R"(", "freelancer": ")" + priya_user + R"(", "title": "API gateway", "rate": "50.00",)"
                              + R"( "start_date": ")" + iso_date(today() - 5) + R"("})");
  ASSERT_EQ(created.status, 201u) << created.body;
  EXPECT_FALSE(before.has_contract(fresh));

  // Refresh each organization whose side changed (a refresh reads one organization): the
  // agency (its new contract), John Smith's (the raise), Acme (the client side of the new
  // contract). 202 at once, then each refresh_status goes back to idle with a new time.
  for (const auto& org : {agency, freelancer, acme}) {
    auto r = api("POST", "/api/v1/upwork/organizations/" + org + "/refresh");
    ASSERT_EQ(r.status, 202u) << r.body;
  }
  ASSERT_TRUE(eventually(
    [&] {
      auto m = mapping();
      return m.org(agency).refresh_status == "idle" && m.org(freelancer).refresh_status == "idle"
             && m.org(acme).refresh_status == "idle" && m.has_contract(fresh)
             && m.contract(pipeline).upwork_rate == std::optional<std::string>{"75.00"};
    },
    std::chrono::seconds(60)))
    << api("GET", "/api/v1/upwork/wizard/mapping").body;
  auto view = mapping();
  for (const auto& org : {agency, freelancer, acme})
    EXPECT_TRUE(view.org(org).last_refreshed_at) << org;
  EXPECT_EQ(view.contract(pipeline).bill_rate, "75.00") << "freelancer: the Upwork rate is the bill rate";
  EXPECT_TRUE(view.contract(pipeline).confirmed) << "a rate change needs no new confirm";
  const auto& found = view.contract(fresh);
  EXPECT_FALSE(found.confirmed);
  EXPECT_FALSE(found.locked);
  EXPECT_EQ(found.upwork_rate, "50.00");

  // The raise applies to new time from its day on; synced intervals keep their rate.
  auto pipeline_before = rates_of(pipeline);
  add_cell_yesterday(pipeline, 4);
  ASSERT_TRUE(eventually([&] { return rates_of(pipeline).size() > pipeline_before.size(); }, std::chrono::seconds(60)));
  for (const auto& [id, rate] : rates_of(pipeline)) {
    auto old = pipeline_before.find(id);
    EXPECT_EQ(rate, old == pipeline_before.end() ? "75.00" : old->second) << id;
  }

  // New contracts: refresh, map, review, start (F9). Mapped, it still waits for confirm.
  auto reasons_found = reasons(fresh);
  ASSERT_FALSE(reasons_found.empty());
  EXPECT_EQ(reasons_found.back(), "not_confirmed");
  auto mapped = api("PATCH", "/api/v1/upwork/contracts/" + fresh, R"({"project_id": ")" + project_id + R"("})");
  ASSERT_EQ(mapped.status, 200u) << mapped.body;
  EXPECT_EQ(reasons(fresh), std::vector<std::string>{"not_confirmed"});
  EXPECT_THROW(status().contract(fresh), std::runtime_error);
  EXPECT_EQ(reviewed_as_confirmed(fresh), std::optional<bool>{false}) << "the review shows what confirm starts";
  auto started = api("POST", "/api/v1/upwork/wizard/confirm");
  ASSERT_EQ(started.status, 202u) << started.body;
  EXPECT_EQ(json_doc{started.body}.integer("/contracts_started"), 1);
  ASSERT_TRUE(eventually([&] { return imports_done({fresh}); }, std::chrono::seconds(120)));
  expect_synced_equals_truth({fresh}, false);
  EXPECT_GT(truth_minutes(fresh, today() - 5, today()), 0);
}

TEST_F(journey, connect_wizard_confirm_import_edit_refresh_reauthorize_disconnect) {
  // The team upsync starts with: automatic matching has names to find.
  auto jose = add_member("Jose Muller", "jose@nomadicsoft.example");    // accents
  auto priya = add_member("Patel, Priya", "priya@nomadicsoft.example"); // "Last, First"

  // ---- connect (F2) ----------------------------------------------------------------------
  auto connection = connect();
  {
    auto list = api("GET", "/api/v1/upwork/connections");
    ASSERT_EQ(list.status, 200u) << list.body;
    EXPECT_EQ(list.body.find("token"), std::string::npos) << "tokens never leave the service";
    json_doc doc{list.body};
    ASSERT_EQ(doc.size("/items"), 1u);
    EXPECT_EQ(doc.str("/items/0/id"), connection);
    EXPECT_EQ(doc.str("/items/0/status"), "active");
    EXPECT_EQ(doc.size("/items/0/organization_ids"), 4u);
  }

  // ---- wizard step 1: accounts (F4) ------------------------------------------------------
  {
    json_doc accounts{api("GET", "/api/v1/upwork/wizard/accounts").body};
    ASSERT_EQ(accounts.size("/organizations"), 4u);
    for (std::size_t i = 0; i < 4; ++i)
      EXPECT_TRUE(accounts.boolean("/organizations/" + std::to_string(i) + "/selected")) << "all preselected";
    EXPECT_EQ(accounts.integer("/sync_info/import_days"), import_days);
    // Globex is not synced: its contracts are the agency's and the freelancer's anyway.
    auto put = api("PUT", "/api/v1/upwork/wizard/accounts",
                   R"({"selected": [")" + agency + R"(", ")" + acme + R"(", ")" + freelancer + R"("]})");
    ASSERT_EQ(put.status, 200u) << put.body;
    json_doc after{put.body};
    for (std::size_t i = 0; i < 4; ++i) {
      auto p = "/organizations/" + std::to_string(i);
      EXPECT_EQ(after.boolean(p + "/selected"), after.str(p + "/id") != globex) << after.str(p + "/id");
    }
  }

  // ---- wizard step 2: automatic matching, mapping, projects, rates (F5) -------------------
  auto view = mapping();
  ASSERT_EQ(view.organizations.size(), 3u);
  EXPECT_EQ(view.org(agency).section_label, "Freelancer/Agency (Nomadic Soft)");
  EXPECT_EQ(view.org(acme).section_label, "Client (Acme Corp)");
  EXPECT_EQ(view.org(freelancer).section_label, "Freelancer (John Smith)");
  {
    const auto& j = view.user("José Müller");
    EXPECT_EQ(j.member_id.value_or(j.suggested_member_id.value_or("")), jose);
    EXPECT_NE(j.match, "none");
    const auto& p = view.user("Priya Patel");
    EXPECT_EQ(p.member_id.value_or(p.suggested_member_id.value_or("")), priya);
    EXPECT_NE(p.match, "none");
  }
  // Every synced contract's rates prefilled from Upwork (F5/F10): the agency's bill rate.
  EXPECT_EQ(view.contract(backend).bill_rate, view.contract(backend).upwork_rate);
  EXPECT_EQ(view.contract(backend).upwork_rate, "40.00");
  EXPECT_FALSE(view.contract(backend).pay_rate);

  // The manager maps every user: the suggestion, else a new member.
  for (const auto& o : view.organizations)
    for (const auto& u : o.users) {
      auto target = u.member_id ? u.member_id : u.suggested_member_id;
      std::string body = target ? R"({"member_id": ")" + *target + R"(", "sync": true})"
                                : R"({"create_member": {"name": ")" + u.name + R"(", "email": ")"
                                    + u.email.value_or(u.upwork_user_id + "@team.example") + R"("}, "sync": true})";
      auto r = api("PATCH", "/api/v1/upwork/organizations/" + o.id + "/users/" + u.upwork_user_id, body);
      ASSERT_EQ(r.status, 200u) << u.name << ": " << r.body;
    }
  // Projects: an existing one, and one created inline; pay rates for the agency.
  auto website = create_project("Acme website", "Acme Corp");
  auto hourly_active = std::vector<std::string>{backend, mobile, devops, pipeline};
  for (const auto& id : hourly_active) {
    std::string body = id == backend ? R"({"project_id": ")" + website + R"(", "pay_rate": "30.00"})"
                                     : R"({"create_project": {"name": "Project )" + id
                                         + R"(", "client_name": "Client", "billable": true}})";
    auto r = api("PATCH", "/api/v1/upwork/contracts/" + id, body);
    ASSERT_EQ(r.status, 200u) << id << ": " << r.body;
    json_doc c{r.body};
    EXPECT_TRUE(c.boolean("/sync")) << "choosing a project switches sync on (F5)";
    EXPECT_FALSE(c.boolean("/confirmed"));
  }
  // The paused, closed and fixed-price contracts get projects too: they must still not sync.
  for (const auto& id : {qa, wordpress, writing}) {
    if (view.has_contract(id)) {
      ASSERT_EQ(api("PATCH", "/api/v1/upwork/contracts/" + id, R"({"project_id": ")" + website + R"("})").status, 200u)
        << id;
    }
  }

  // Before confirm nothing syncs (F6): not on the dashboard, not in the engine, and said why.
  EXPECT_EQ(reasons(backend), std::vector<std::string>{"not_confirmed"});
  EXPECT_EQ(status().contracts.size(), 0u);
  expect_no_time_fetched_for(std::chrono::seconds(3));

  // ---- wizard step 3: review and confirm (F6) ---------------------------------------------
  {
    auto review = api("GET", "/api/v1/upwork/wizard/review");
    ASSERT_EQ(review.status, 200u) << review.body;
    json_doc doc{review.body};
    ASSERT_EQ(doc.size("/organizations"), 3u);
    std::size_t contracts = 0, to_create = 0;
    for (std::size_t i = 0; i < 3; ++i) {
      auto p = "/organizations/" + std::to_string(i);
      contracts += doc.size(p + "/contracts");
      to_create += doc.size(p + "/members_to_create");
    }
    EXPECT_GE(contracts, hourly_active.size());
    EXPECT_GT(to_create, 0u) << "users without a match are created on confirm";
  }
  auto started = api("POST", "/api/v1/upwork/wizard/confirm");
  ASSERT_EQ(started.status, 202u) << started.body;
  EXPECT_EQ(json_doc{started.body}.integer("/contracts_started"), static_cast<std::int64_t>(hourly_active.size()));

  // ---- the import, until every contract is done --------------------------------------------
  ASSERT_TRUE(eventually([&] { return imports_done(hourly_active); }, std::chrono::seconds(180)))
    << api("GET", "/api/v1/upwork/status").body;

  // ---- status figures equal the simulator's truth (F7, F3) --------------------------------
  expect_synced_equals_truth(hourly_active, true);
  {
    auto s = status();
    ASSERT_EQ(s.contracts.size(), hourly_active.size());
    for (const auto& id : hourly_active) {
      SCOPED_TRACE(id);
      const auto& c = s.contract(id);
      EXPECT_EQ(c.hours_today, hours_of_minutes(truth_minutes(id, today(), today())));
      EXPECT_EQ(c.import_state, "done");
      EXPECT_EQ(c.days_done, c.days_total);
      EXPECT_LE(c.recent_entries, 10u);
      if (truth_minutes(id, today() - import_days + 1, today()) > 0) {
        EXPECT_GT(c.recent_entries, 0u);
        EXPECT_EQ(c.newest_entry_end, truth_last_cell_end(id));
      }
    }
    EXPECT_EQ(s.contract(backend).project_name, "Acme website");
    EXPECT_EQ(s.contract(backend).upwork_user_name, "José Müller");
  }

  // ---- diagnosis (F13) ---------------------------------------------------------------------
  for (const auto& id : hourly_active)
    EXPECT_EQ(reasons(id), std::vector<std::string>{}) << id;
  for (const auto& [id, reason] : std::vector<std::pair<std::string, std::string>>{
         {qa, "contract_not_active"}, {wordpress, "contract_not_active"}, {writing, "fixed_price"}}) {
    if (view.has_contract(id)) {
      EXPECT_EQ(reasons(id), std::vector<std::string>{reason}) << id;
    }
  }

  // ---- edits after confirm take effect at once (F9) ---------------------------------------
  auto backend_before = intervals_of(backend);
  auto mobile_before = intervals_of(mobile);
  {
    // Locked after confirm: 409 until unlocked.
    auto locked = api("PATCH", "/api/v1/upwork/contracts/" + backend, R"({"project_id": ")" + website + R"("})");
    EXPECT_EQ(locked.status, 409u) << locked.body;
    const auto& b = mapping().contract_user(backend);
    ASSERT_EQ(api("POST", "/api/v1/upwork/organizations/" + b.first + "/users/" + b.second + "/unlock").status, 200u);
    const auto& m = mapping().contract_user(mobile);
    ASSERT_EQ(api("POST", "/api/v1/upwork/organizations/" + m.first + "/users/" + m.second + "/unlock").status, 200u);
  }
  auto maintenance = create_project("Acme maintenance", "Acme Corp");
  {
    auto moved = api("PATCH", "/api/v1/upwork/contracts/" + backend, R"({"project_id": ")" + maintenance + R"("})");
    ASSERT_EQ(moved.status, 200u) << moved.body;
    EXPECT_TRUE(json_doc{moved.body}.boolean("/confirmed")) << "no second confirm needed";
    auto stopped = api("PATCH", "/api/v1/upwork/contracts/" + mobile, R"({"sync": false})");
    ASSERT_EQ(stopped.status, 200u) << stopped.body;
  }
  EXPECT_EQ(reasons(mobile), std::vector<std::string>{"contract_sync_off"});
  // New time on Upwork for both: only the contract still syncing takes it, to its new project.
  add_cell_yesterday(backend, 3);
  add_cell_yesterday(mobile, 3);
  ASSERT_TRUE(
    eventually([&] { return intervals_of(backend).size() > backend_before.size(); }, std::chrono::seconds(60)));
  {
    auto after = intervals_of(backend);
    std::size_t to_new_project = 0;
    for (const auto& [id, project] : after) {
      auto before = backend_before.find(id);
      if (before == backend_before.end()) {
        EXPECT_EQ(project, maintenance);
        ++to_new_project;
      } else {
        EXPECT_EQ(project, before->second) << "existing intervals stay where they are";
      }
    }
    EXPECT_GT(to_new_project, 0u);
    EXPECT_EQ(intervals_of(mobile), mobile_before) << "sync off: nothing new, nothing lost";
  }

  // ---- refresh: a new contract and a rate change (F5, F9 "refresh, map, review, start") --
  refresh_part(view, website);

  // ---- re-authorize after the simulator revoked every token (F2, F11) ---------------------
  auto mapping_before = mapping().fingerprint();
  auto total_before = total_upwork_intervals();
  revoke_all_tokens();
  ASSERT_TRUE(eventually([&] { return connection_status(connection) == "needs_reauth"; }, std::chrono::seconds(60)))
    << "the engine notices the refused refresh";
  EXPECT_EQ(reasons(backend), std::vector<std::string>{"connection_needs_reauth"});
  EXPECT_EQ(reauthorize(connection), connection) << "the same connection comes back";
  EXPECT_EQ(connection_status(connection), "active");
  EXPECT_EQ(mapping().fingerprint(), mapping_before) << "every mapping kept";
  EXPECT_EQ(reasons(backend), std::vector<std::string>{});
  add_cell_yesterday(backend, 5);
  ASSERT_TRUE(eventually([&] { return total_upwork_intervals() > total_before; }, std::chrono::seconds(60)))
    << "sync resumes with the new grant";

  // ---- disconnect keeps the intervals (F11) ------------------------------------------------
  auto kept = total_upwork_intervals();
  auto gone = api("DELETE", "/api/v1/upwork/connections/" + connection);
  ASSERT_EQ(gone.status, 200u) << gone.body;
  EXPECT_EQ(connection_status(connection), "disconnected");
  EXPECT_EQ(reasons(backend), std::vector<std::string>{"connection_disconnected"});
  EXPECT_EQ(status().contracts.size(), 0u);
  EXPECT_EQ(total_upwork_intervals(), kept);
  EXPECT_EQ(mapping().fingerprint(), mapping_before) << "disconnecting loses no mapping";

  // ---- every Upwork request of the daemon was counted in PostgreSQL first (issue 19) -------
  // Reserved in blocks before they are sent: never fewer than the simulator saw (GraphQL and
  // token requests alike; the consent page is a person's, not upsyncd's).
  pqxx::connection db{database_url};
  pqxx::nontransaction tx{db};
  auto reserved = tx.exec1("SELECT COALESCE(sum(reserved), 0) FROM upwork_request_days")[0].as<long long>();
  auto& stats = sim->state().stats;
  auto sent = static_cast<long long>(stats.total() - stats.count("oauth.authorize"));
  EXPECT_GT(reserved, 0);
  EXPECT_GE(reserved, sent) << "requests sent without being counted against the day's budget";
}
