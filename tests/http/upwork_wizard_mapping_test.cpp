// Wizard step 2 over real HTTP: automatic matching after connect, the mapping view, user
// and contract edits with their rules, unlock, against the demo simulator (the refresh
// itself, done by the sync engine: upwork_refresh_test.cpp).
// Over 400 lines on purpose: every rule of step 2's edits against one connected world; split by rule, each file would
// rebuild that world.
#include "http/upwork_gateway.hpp"
#include "sim/simulator.hpp"
#include "storage/upwork_mapping_store.hpp"
#include "storage/upwork_rate_history.hpp"
#include "tests/http/api_fixture.hpp"
#include "tests/http/upwork_sim_support.hpp"

#include <chrono>
#include <map>
#include <spdlog/spdlog.h>

using namespace upsync::testing;
namespace store = upsync::storage::upwork_store;
namespace sim = upsync::sim;

namespace {

constexpr const char* key_hex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
const std::string agency = "1426081917340139521";
const std::string acme = "1426081917340139522";
const std::string john_org = "1426081917340139523";
const std::string olena = "1387711212009881601";
const std::string jose = "1387711212009881602";
const std::string zoe = "1387711212009881603";
const std::string lukasz = "1387711212009881604";
const std::string priya = "1387711212009881605";
const std::string john = "1387711212009881621";

std::string error_code(const http_reply& r) { return json_doc{r.body}.str("/error/code"); }
std::string error_field(const http_reply& r) { return json_doc{r.body}.str("/error/field"); }

} // namespace

class upwork_wizard_mapping : public api_fixture {
protected:
  upwork_wizard_mapping() {
    simulator = start_demo_simulator();
    auto s = upwork_settings_for(*simulator, key_hex);
    gateway = std::make_shared<const upsync::http::upwork_gateway>(s);
    upsync::http::add_upwork_connection_routes(routes, gateway);
    upsync::http::add_upwork_wizard_mapping_routes(routes, gateway);
  }

  ~upwork_wizard_mapping() override {
    if (simulator)
      simulator->stop();
  }

  /// The whole OAuth flow (see upwork_connections_test.cpp).
  void connect() {
    auto r = connect_through_simulator(*client, *simulator, manager.token);
    ASSERT_EQ(r.status, 200u) << r.body;
  }

  http_reply patch(const std::string& path, const std::string& body, const std::string& token) {
    return client->request("PATCH", path, body,
                           {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}});
  }
  http_reply patch_user(const std::string& org, const std::string& user, const std::string& body,
                        const std::string& token = "") {
    return patch("/api/v1/upwork/organizations/" + org + "/users/" + user, body, token.empty() ? manager.token : token);
  }
  http_reply patch_contract(const std::string& id, const std::string& body, const std::string& token = "") {
    return patch("/api/v1/upwork/contracts/" + id, body, token.empty() ? manager.token : token);
  }

  store::upwork_user_record user(const std::string& org, const std::string& id) {
    pqxx::connection db{url};
    pqxx::work tx{db};
    for (const auto& u : store::list_users(tx, ws_a, org))
      if (u.upwork_user_id == id)
        return u;
    throw std::runtime_error("no user " + id);
  }
  store::contract_record contract(const std::string& id) {
    pqxx::connection db{url};
    pqxx::work tx{db};
    return *store::find_contract(tx, ws_a, id);
  }

  std::unique_ptr<sim::simulator> simulator;
  std::shared_ptr<const upsync::http::upwork_gateway> gateway;
};

TEST_F(upwork_wizard_mapping, connect_matches_names_and_suggests_the_rest) {
  auto priya_m = add_member(ws_a, "Priya Patel", upsync::storage::role::member);     // exact
  auto jose_m = add_member(ws_a, "Jose Muller", upsync::storage::role::member);      // accents: close
  auto john_m = add_member(ws_a, "John Smith", upsync::storage::role::member);       // exact, two orgs
  auto lukasz_m = add_member(ws_a, "Wojcik, Lukasz", upsync::storage::role::member); // close
  add_member(ws_b, "Zoe Orsted", upsync::storage::role::member);                     // another workspace: never
  connect();

  auto p = user(agency, priya);
  EXPECT_EQ(p.mapping.member_id, priya_m.record.id);
  EXPECT_EQ(p.mapping.suggested_member_id, priya_m.record.id);
  EXPECT_EQ(p.mapping.match, "exact");
  EXPECT_TRUE(p.mapping.sync);
  EXPECT_FALSE(p.mapping.locked);
  auto j = user(agency, jose);
  EXPECT_FALSE(j.mapping.member_id);
  EXPECT_EQ(j.mapping.suggested_member_id, jose_m.record.id);
  EXPECT_EQ(j.mapping.match, "close");
  EXPECT_FALSE(j.mapping.sync);
  EXPECT_EQ(user(agency, lukasz).mapping.suggested_member_id, lukasz_m.record.id);
  EXPECT_FALSE(user(agency, lukasz).mapping.member_id);
  auto z = user(agency, zoe);
  EXPECT_FALSE(z.mapping.suggested_member_id);
  EXPECT_EQ(z.mapping.match, "none");
  // One person in two organizations is one person: both rows map to the same member.
  EXPECT_EQ(user(john_org, john).mapping.member_id, john_m.record.id);
  EXPECT_EQ(user(acme, john).mapping.member_id, john_m.record.id);

  // The view: selected organizations, labels, users with nested contracts, F10 prefill.
  auto r = client->get("/api/v1/upwork/wizard/mapping", manager.token);
  ASSERT_EQ(r.status, 200u) << r.body;
  json_doc doc{r.body};
  std::map<std::string, std::string> labels;
  bool saw_agency_contract = false, saw_freelancer_contract = false;
  for (std::size_t i = 0; i < doc.size("/organizations"); ++i) {
    auto o = "/organizations/" + std::to_string(i);
    labels[doc.str(o + "/id")] = doc.str(o + "/section_label");
    EXPECT_EQ(doc.str(o + "/refresh_status"), "idle");
    EXPECT_FALSE(doc.at(o + "/last_refreshed_at").is_null()); // discovery at connect read it
    for (std::size_t k = 0; k < doc.size(o + "/users"); ++k) {
      auto u = o + "/users/" + std::to_string(k);
      for (auto f : {"upwork_user_id", "name", "match"})
        EXPECT_TRUE(doc.at(u + "/" + f).is_string()) << f;
      for (auto f : {"sync", "locked"})
        EXPECT_TRUE(doc.at(u + "/" + f).is_bool()) << f;
      for (auto f : {"email", "member_id", "suggested_member_id"})
        EXPECT_TRUE(doc.at(u + "/" + f).is_null() || doc.at(u + "/" + f).is_string()) << f;
      if (doc.str(u + "/upwork_user_id") == priya && doc.str(o + "/id") == agency) {
        EXPECT_EQ(doc.str(u + "/member_id"), priya_m.id());
      }
      for (std::size_t c = 0; c < doc.size(u + "/contracts"); ++c) {
        auto cp = u + "/contracts/" + std::to_string(c);
        auto id = doc.str(cp + "/id");
        EXPECT_TRUE(doc.at(cp + "/project_id").is_null());
        EXPECT_FALSE(doc.at(cp + "/sync").get_bool().value());
        if (id == "38117204") {
          saw_agency_contract = true;
          EXPECT_EQ(doc.str(cp + "/bill_rate"), doc.str(cp + "/upwork_rate"));
          EXPECT_TRUE(doc.at(cp + "/pay_rate").is_null());
          EXPECT_EQ(doc.str(cp + "/kind"), "hourly");
          EXPECT_EQ(doc.str(cp + "/currency"), "USD");
        }
        if (id == "38117208") {
          saw_freelancer_contract = true;
          EXPECT_EQ(doc.str(cp + "/bill_rate"), "70.00");
          EXPECT_EQ(doc.str(cp + "/upwork_rate"), "70.00");
        }
        if (id == "38117209") {
          EXPECT_EQ(doc.str(cp + "/kind"), "fixed");
          EXPECT_TRUE(doc.at(cp + "/upwork_rate").is_null());
        }
        if (id == "38117207") {
          EXPECT_EQ(doc.str(cp + "/status"), "paused");
        }
      }
    }
  }
  EXPECT_TRUE(saw_agency_contract);
  EXPECT_TRUE(saw_freelancer_contract);
  EXPECT_EQ(labels[agency], "Freelancer/Agency (Nomadic Soft)");
  EXPECT_EQ(labels[acme], "Client (Acme Corp)");
  EXPECT_EQ(labels[john_org], "Freelancer (John Smith)");

  // Another workspace sees nothing.
  auto other = client->get("/api/v1/upwork/wizard/mapping", other_admin.token);
  ASSERT_EQ(other.status, 200u);
  EXPECT_EQ(json_doc{other.body}.size("/organizations"), 0u);
}

TEST_F(upwork_wizard_mapping, client_contracts_prefill_the_pay_rate) {
  connect();
  // The demo's client contracts are all held by their vendor side; hand one to Acme.
  sql("UPDATE upwork_contracts SET organization_id = '" + acme + "' WHERE id = '38117205'");
  auto r = client->get("/api/v1/upwork/wizard/mapping", manager.token);
  json_doc doc{r.body};
  bool seen = false;
  for (std::size_t i = 0; i < doc.size("/organizations"); ++i) {
    auto o = "/organizations/" + std::to_string(i);
    if (doc.str(o + "/id") != acme)
      continue;
    for (std::size_t k = 0; k < doc.size(o + "/users"); ++k)
      for (std::size_t c = 0; c < doc.size(o + "/users/" + std::to_string(k) + "/contracts"); ++c) {
        auto cp = o + "/users/" + std::to_string(k) + "/contracts/" + std::to_string(c);
        seen = true;
        EXPECT_EQ(doc.str(cp + "/pay_rate"), doc.str(cp + "/upwork_rate"));
        EXPECT_TRUE(doc.at(cp + "/bill_rate").is_null());
      }
  }
  EXPECT_TRUE(seen);
  // The Upwork side is Upwork's: a client's bill rate is the manager's to enter.
  ASSERT_EQ(patch_user(acme, zoe, R"({"member_id": ")" + manager.id() + "\"}").status, 200u);
  auto bill = patch_contract("38117205", R"({"bill_rate": "90"})");
  ASSERT_EQ(bill.status, 200u) << bill.body;
  EXPECT_EQ(json_doc{bill.body}.str("/bill_rate"), "90.00");
  EXPECT_EQ(patch_contract("38117205", R"({"pay_rate": "1.00"})").status, 422u);
}

TEST_F(upwork_wizard_mapping, patch_user_maps_creates_and_switches_sync) {
  connect();
  auto r = patch_user(agency, jose, R"({"member_id": ")" + manager.id() + "\"}");
  ASSERT_EQ(r.status, 200u) << r.body;
  json_doc doc{r.body};
  EXPECT_EQ(doc.str("/upwork_user_id"), jose);
  EXPECT_EQ(doc.str("/member_id"), manager.id());
  EXPECT_TRUE(doc.at("/sync").get_bool().value());
  EXPECT_GE(doc.size("/contracts"), 1u);

  // The same member for another Upwork user of the organization: never silently.
  auto twice = patch_user(agency, zoe, R"({"member_id": ")" + manager.id() + "\"}");
  EXPECT_EQ(twice.status, 409u);
  EXPECT_EQ(error_code(twice), "conflict");
  EXPECT_EQ(error_field(twice), "member_id");
  // A member of another workspace is no member here.
  auto foreign = patch_user(agency, zoe, R"({"member_id": ")" + other_member.id() + "\"}");
  EXPECT_EQ(foreign.status, 400u);
  EXPECT_EQ(error_field(foreign), "member_id");

  // Create a new member on confirm: stored, user syncs, no member yet.
  auto created =
    patch_user(agency, zoe, R"({"create_member": {"name": "Zoë Ørsted", "email": "zoe@nomadic.example"}})");
  ASSERT_EQ(created.status, 200u) << created.body;
  EXPECT_TRUE(json_doc{created.body}.at("/member_id").is_null());
  EXPECT_TRUE(json_doc{created.body}.at("/sync").get_bool().value());
  EXPECT_EQ(user(agency, zoe).mapping.create_member_email, "zoe@nomadic.example");
  auto taken_email = patch_user(agency, lukasz, R"({"create_member": {"name": "X", "email": "MANAGER@example.com"}})");
  EXPECT_EQ(taken_email.status, 409u);
  EXPECT_EQ(error_field(taken_email), "create_member.email");
  auto bad_email = patch_user(agency, lukasz, R"({"create_member": {"name": "X", "email": "nope"}})");
  EXPECT_EQ(bad_email.status, 400u);
  EXPECT_EQ(error_field(bad_email), "create_member.email");
  auto no_name = patch_user(agency, lukasz, R"({"create_member": {"email": "l@x.example"}})");
  EXPECT_EQ(no_name.status, 400u);
  EXPECT_EQ(error_field(no_name), "create_member.name");
  // Sync without anyone to sync to breaks a rule.
  auto lonely = patch_user(agency, lukasz, R"({"sync": true})");
  EXPECT_EQ(lonely.status, 422u);
  EXPECT_EQ(error_code(lonely), "unprocessable");

  // Switching the user off stops its contracts too (F5).
  ASSERT_EQ(patch_contract("38117204", R"({"sync": true})").status, 200u);
  ASSERT_TRUE(contract("38117204").mapping.sync);
  auto off = patch_user(agency, jose, R"({"sync": false})");
  ASSERT_EQ(off.status, 200u) << off.body;
  EXPECT_FALSE(contract("38117204").mapping.sync);
  EXPECT_EQ(user(agency, jose).mapping.member_id, manager.record.id);
}

TEST_F(upwork_wizard_mapping, patch_user_refuses_bad_input_and_foreign_ids) {
  connect();
  EXPECT_EQ(patch_user(agency, jose, "{nope").status, 400u);
  EXPECT_EQ(patch_user(agency, jose, "[]").status, 400u);
  auto wrong = patch_user(agency, jose, R"({"sync": "yes"})");
  EXPECT_EQ(wrong.status, 400u);
  EXPECT_EQ(error_field(wrong), "sync");
  EXPECT_EQ(error_field(patch_user(agency, jose, R"({"member_id": "abc"})")), "member_id");
  EXPECT_EQ(error_field(patch_user(agency, jose, R"({"create_member": "Jose"})")), "create_member");
  EXPECT_EQ(error_field(patch_user(agency, jose, R"({"colour": 1})")), "colour");
  EXPECT_EQ(patch_user(agency, "999", R"({"sync": false})").status, 404u);
  EXPECT_EQ(patch_user("999", jose, R"({"sync": false})").status, 404u);
  EXPECT_EQ(patch_user(agency, std::string(100, '1'), R"({"sync": false})").status, 404u);
  auto other = patch_user(agency, jose, R"({"sync": false})", other_admin.token);
  EXPECT_EQ(other.status, 404u);
  EXPECT_EQ(error_code(other), "not_found");
  EXPECT_EQ(
    client->post("/api/v1/upwork/organizations/" + agency + "/users/" + jose + "/unlock", "", other_admin.token).status,
    404u);
  EXPECT_EQ(client->post("/api/v1/upwork/organizations/" + agency + "/refresh", "", other_admin.token).status, 404u);
}

// Issue 20: a deactivated member takes no new Upwork user; a project archived, no new contract.
TEST_F(upwork_wizard_mapping, deactivated_members_and_archived_projects_take_nothing_new) {
  connect();
  sql("UPDATE members SET deactivated_at = now() WHERE id = " + member.id());
  auto u = patch_user(agency, jose, R"({"member_id": ")" + member.id() + "\"}");
  EXPECT_EQ(u.status, 409u) << u.body;
  EXPECT_EQ(error_code(u), "member_deactivated");
  auto project = client->post("/api/v1/projects", R"({"name":"Old site"})", admin.token);
  ASSERT_EQ(project.status, 201u) << project.body;
  auto id = json_doc{project.body}.str("/id");
  sql("UPDATE projects SET archived_at = now() WHERE id = " + id);
  auto c = patch_contract("38117204", R"({"project_id": ")" + id + "\"}");
  EXPECT_EQ(c.status, 409u) << c.body;
  EXPECT_EQ(error_code(c), "project_archived");
}

TEST_F(upwork_wizard_mapping, locked_mappings_answer_409_until_unlocked) {
  connect();
  ASSERT_EQ(patch_user(agency, jose, R"({"member_id": ")" + manager.id() + "\"}").status, 200u);
  sql("UPDATE upwork_users SET locked = true WHERE upwork_user_id = '" + jose + "'");
  sql("UPDATE upwork_contracts SET locked = true WHERE upwork_user_id = '" + jose + "'");
  auto u = patch_user(agency, jose, R"({"sync": false})");
  EXPECT_EQ(u.status, 409u);
  EXPECT_EQ(error_code(u), "conflict");
  auto c = patch_contract("38117204", R"({"pay_rate": "20.00"})");
  EXPECT_EQ(c.status, 409u);

  auto unlock =
    client->post("/api/v1/upwork/organizations/" + agency + "/users/" + jose + "/unlock", "", manager.token);
  ASSERT_EQ(unlock.status, 200u) << unlock.body;
  json_doc doc{unlock.body};
  EXPECT_FALSE(doc.at("/locked").get_bool().value());
  for (std::size_t i = 0; i < doc.size("/contracts"); ++i)
    EXPECT_FALSE(doc.at("/contracts/" + std::to_string(i) + "/locked").get_bool().value());
  EXPECT_EQ(patch_contract("38117204", R"({"pay_rate": "20.00"})").status, 200u);
  EXPECT_EQ(patch_user(agency, jose, R"({"sync": false})").status, 200u);
}

TEST_F(upwork_wizard_mapping, patch_contract_rules_projects_and_rates) {
  connect();
  // 422: contract sync while its user does not sync.
  auto early = patch_contract("38117204", R"({"sync": true})");
  EXPECT_EQ(early.status, 422u);
  EXPECT_EQ(error_code(early), "unprocessable");
  EXPECT_EQ(error_field(early), "sync");

  ASSERT_EQ(patch_user(agency, jose, R"({"member_id": ")" + manager.id() + "\"}").status, 200u);
  auto project = client->post("/api/v1/projects",
                              R"({"name": "Backend", "client_name": "Acme Corp", "billable": true})", manager.token);
  ASSERT_EQ(project.status, 201u);
  auto project_id = json_doc{project.body}.str("/id");
  // Choosing a project switches sync on.
  auto chosen = patch_contract("38117204", R"({"project_id": ")" + project_id + "\"}");
  ASSERT_EQ(chosen.status, 200u) << chosen.body;
  json_doc doc{chosen.body};
  EXPECT_EQ(doc.str("/id"), "38117204");
  EXPECT_EQ(doc.str("/project_id"), project_id);
  EXPECT_TRUE(doc.at("/sync").get_bool().value());
  EXPECT_FALSE(doc.at("/locked").get_bool().value());

  // Rates: decimal strings, stored from the start of the import window (not synced yet).
  auto rated =
    patch_contract("38117204", R"({"pay_rate": "25.5", "bill_rate": ")" + *contract("38117204").upwork_rate + "\"}");
  ASSERT_EQ(rated.status, 200u) << rated.body;
  EXPECT_EQ(json_doc{rated.body}.str("/pay_rate"), "25.50");
  {
    pqxx::connection db{url};
    pqxx::work tx{db};
    bool found = false;
    auto today =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count()
      / 86400;
    for (const auto& row : store::load_rates(tx, ws_a, "38117204"))
      if (row.side == "pay") {
        found = true;
        EXPECT_EQ(row.rate, "25.50");
        EXPECT_EQ(row.effective_from, today - 89);
      }
    EXPECT_TRUE(found);
  }
  // The agency's bill rate is Upwork's.
  auto upwork_side = patch_contract("38117204", R"({"bill_rate": "99.00"})");
  EXPECT_EQ(upwork_side.status, 422u);
  EXPECT_EQ(error_field(upwork_side), "bill_rate");
  for (auto bad : {R"({"pay_rate": 25})", R"({"pay_rate": "-1"})", R"({"pay_rate": "1.234"})", R"({"pay_rate": "1e3"})",
                   R"({"pay_rate": ""})"}) {
    auto r = patch_contract("38117204", bad);
    EXPECT_EQ(r.status, 400u) << bad;
    EXPECT_EQ(error_field(r), "pay_rate") << bad;
  }

  // Inline project creation.
  ASSERT_EQ(patch_user(agency, zoe, R"({"member_id": ")" + admin.id() + "\"}").status, 200u);
  auto inline_project = patch_contract(
    "38117205", R"({"create_project": {"name": "Mobile", "client_name": "Acme Corp", "billable": true}})");
  ASSERT_EQ(inline_project.status, 200u) << inline_project.body;
  json_doc made{inline_project.body};
  EXPECT_FALSE(made.at("/project_id").is_null());
  EXPECT_TRUE(made.at("/sync").get_bool().value());
  auto projects = json_doc{client->get("/api/v1/projects", manager.token).body};
  EXPECT_EQ(projects.size("/items"), 2u);
  auto duplicate = patch_contract("38117205", R"({"create_project": {"name": "Mobile"}})");
  EXPECT_EQ(duplicate.status, 409u);
  EXPECT_EQ(error_field(patch_contract("38117205", R"({"create_project": {"billable": true}})")),
            "create_project.name");

  // Turning sync off keeps the project.
  auto off = patch_contract("38117204", R"({"sync": false})");
  ASSERT_EQ(off.status, 200u);
  EXPECT_EQ(json_doc{off.body}.str("/project_id"), project_id);
  EXPECT_FALSE(json_doc{off.body}.at("/sync").get_bool().value());

  // Bad input, unknown and foreign ids.
  EXPECT_EQ(patch_contract("38117204", "{").status, 400u);
  EXPECT_EQ(error_field(patch_contract("38117204", R"({"sync": 1})")), "sync");
  EXPECT_EQ(error_field(patch_contract("38117204", R"({"project_id": "999999"})")), "project_id");
  EXPECT_EQ(patch_contract("nope", R"({"sync": false})").status, 404u);
  EXPECT_EQ(patch_contract("38117204", R"({"sync": false})", other_admin.token).status, 404u);
  {
    pqxx::connection db{url};
    pqxx::work tx{db};
    auto foreign = upsync::storage::project_store::create(tx, ws_b, "Theirs", std::nullopt, false);
    tx.commit();
    auto r = patch_contract("38117204", R"({"project_id": ")" + std::to_string(foreign.id) + "\"}");
    EXPECT_EQ(r.status, 400u);
    EXPECT_EQ(error_field(r), "project_id");
  }
}

TEST_F(upwork_wizard_mapping, members_get_403) {
  connect();
  for (auto [method, path] : std::vector<std::pair<std::string, std::string>>{
         {"GET", "/api/v1/upwork/wizard/mapping"},
         {"PATCH", "/api/v1/upwork/organizations/" + agency + "/users/" + jose},
         {"POST", "/api/v1/upwork/organizations/" + agency + "/users/" + jose + "/unlock"},
         {"PATCH", "/api/v1/upwork/contracts/38117204"},
         {"POST", "/api/v1/upwork/organizations/" + agency + "/refresh"}}) {
    SCOPED_TRACE(method + " " + path);
    auto r =
      client->request(method, path, method == "PATCH" ? "{}" : "", {{"Authorization", "Bearer " + member.token}});
    EXPECT_EQ(r.status, 403u);
    EXPECT_EQ(error_code(r), "forbidden");
    EXPECT_EQ(client->request(method, path).status, 401u);
  }
}
