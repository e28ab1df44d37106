// "Refresh from Upwork" (F5) over real HTTP with the real sync engine against the demo
// simulator: the API answers 202 at once, the organization's actor reads Upwork and writes
// what changed (a new contract, a rate change, a paused contract, a new member), keeping
// every mapping; failures show as refresh_status failed; refusals are 404 and 409.
#include "actors/actors.hpp"
#include "actors/engine.hpp"
#include "app/engine_control.hpp"
#include "storage/upwork_mapping_store.hpp"
#include "tests/http/api_fixture.hpp"
#include "tests/http/upwork_engine_support.hpp"
#include "tests/http/upwork_sim_support.hpp"
#include "tests/support/eventually.hpp"

using namespace upsync::testing;
namespace store = upsync::storage::upwork_store;
namespace sim = upsync::sim;

namespace {

const std::string key_hex(64, 'e');
const std::string& agency = demo::nomadic_soft;
const std::string& acme = demo::acme_corp;
const std::string& jose = demo::jose_mueller;

std::string error_code(const http_reply& r) { return json_doc{r.body}.str("/error/code"); }

} // namespace

class upwork_refresh : public api_fixture {
protected:
  upwork_refresh() {
    simulator = start_demo_simulator();
    sim_http = std::make_unique<http_client>(simulator->port());
    auto s = upwork_settings_for(*simulator, key_hex);
    s.budget = std::make_shared<upsync::upwork::request_budget>();
    gateway = std::make_shared<const upsync::http::upwork_gateway>(s);
    engine = std::make_unique<upsync::sync::engine>(engine_settings_for(s, url, *simulator));
    engine->start();
    auto control = std::make_shared<upsync::app::engine_control>(*engine);
    upsync::http::add_upwork_connection_routes(routes, gateway, control);
    upsync::http::add_upwork_wizard_mapping_routes(routes, gateway, control);
  }

  ~upwork_refresh() override {
    engine.reset();
    simulator->stop();
  }

  void connect() {
    auto r = connect_through_simulator(*client, *simulator, manager.token);
    ASSERT_EQ(r.status, 200u) << r.body;
  }

  http_reply refresh(const std::string& org, const std::string& token = "") {
    return client->post("/api/v1/upwork/organizations/" + org + "/refresh", "", token.empty() ? manager.token : token);
  }

  /// The organization's entry of the mapping view.
  std::pair<std::string, std::string> refresh_state(const std::string& org) {
    json_doc view{client->get("/api/v1/upwork/wizard/mapping", manager.token).body};
    for (std::size_t i = 0; i < view.size("/organizations"); ++i) {
      auto o = "/organizations/" + std::to_string(i);
      if (view.str(o + "/id") == org)
        return {view.str(o + "/refresh_status"),
                view.at(o + "/last_refreshed_at").is_null() ? "" : view.str(o + "/last_refreshed_at")};
    }
    return {};
  }

  bool refresh_ends_as(const std::string& org, const std::string& status) {
    return eventually([&] { return refresh_state(org).first == status; });
  }

  http_reply sim_post(const std::string& path, const std::string& body) {
    return sim_http->request("POST", path, body, {{"Content-Type", "application/json"}});
  }

  std::optional<store::contract_record> contract(const std::string& id) {
    pqxx::connection db{url};
    pqxx::work tx{db};
    return store::find_contract(tx, ws_a, id);
  }

  std::unique_ptr<sim::simulator> simulator;
  std::unique_ptr<http_client> sim_http;
  std::shared_ptr<const upsync::http::upwork_gateway> gateway;
  std::unique_ptr<upsync::sync::engine> engine;
};

TEST_F(upwork_refresh, answers_at_once_and_the_engine_brings_upwork_changes_keeping_mappings) {
  connect();
  ASSERT_EQ(client
              ->patch("/api/v1/upwork/organizations/" + agency + "/users/" + jose,
                      R"({"member_id": ")" + manager.id() + "\"}", manager.token)
              .status,
            200u);
  // Upwork changes: a new contract for José, a raise on another, a pause, a new member.
  auto added =
    sim_post("/__control/contracts", R"({"org":")" + agency + R"(","client_org":")" + acme + R"(","freelancer":")"
                                       + jose + R"(","title":"Search relaunch","rate":"33.00"})");
  ASSERT_EQ(added.status, 201u) << added.body;
  auto new_id = json_doc{added.body}.str("/id");
  ASSERT_EQ(sim_post("/__control/contracts/38117205", R"({"rate":"48.00"})").status, 200u);
  ASSERT_EQ(sim_post("/__control/contracts/38117206", R"({"status":"paused"})").status, 200u);
  ASSERT_EQ(sim_post("/__control/orgs/" + agency + "/members", R"({"name":"Grace Hopper"})").status, 201u);
  ASSERT_FALSE(contract(new_id));

  auto r = refresh(agency);
  ASSERT_EQ(r.status, 202u) << r.body;
  EXPECT_EQ(json_doc{r.body}.str("/refresh_status"), "running");
  ASSERT_TRUE(refresh_ends_as(agency, "idle"));
  EXPECT_EQ(refresh_state(agency).second.size(), 20u); // last_refreshed_at, RFC 3339

  auto fresh = contract(new_id);
  ASSERT_TRUE(fresh);
  EXPECT_EQ(fresh->organization_id, agency);
  EXPECT_EQ(fresh->upwork_user_id, jose);
  EXPECT_EQ(fresh->upwork_rate, "33.00");
  EXPECT_EQ(fresh->status, "active");
  EXPECT_EQ(contract("38117205")->upwork_rate, "48.00");
  auto today = std::to_string(simulator->state().w.today());
  EXPECT_EQ(sql_text("SELECT rate::text FROM upwork_contract_rates WHERE contract_id = '38117205' AND side = "
                     "'upwork' AND effective_from = date '1970-01-01' + "
                     + today),
            "48.00");
  EXPECT_EQ(contract("38117206")->status, "paused");
  EXPECT_EQ(
    sql_text("SELECT name FROM upwork_users WHERE organization_id = '" + agency + "' AND name = 'Grace Hopper'"),
    "Grace Hopper");
  // The mapping made before stays.
  EXPECT_EQ(sql_text("SELECT member_id::text FROM upwork_users WHERE organization_id = '" + agency
                     + "' AND upwork_user_id = '" + jose + "'"),
            manager.id());
}

TEST_F(upwork_refresh, a_refresh_that_fails_at_upwork_shows_failed_and_the_next_one_succeeds) {
  connect();
  auto connected_at = refresh_state(agency).second;
  EXPECT_FALSE(connected_at.empty()); // discovery at connect read it
  auto faults = simulator->state().faults.config();
  faults.error_5xx_share = 1.0;
  simulator->state().faults.set_config(faults);
  ASSERT_EQ(refresh(agency).status, 202u);
  ASSERT_TRUE(refresh_ends_as(agency, "failed"));
  EXPECT_EQ(refresh_state(agency).second, connected_at); // a failed refresh does not move it

  simulator->state().faults.set_config(sim::fault_config{});
  ASSERT_EQ(refresh(agency).status, 202u);
  ASSERT_TRUE(refresh_ends_as(agency, "idle"));
}

TEST_F(upwork_refresh, a_grant_revoked_at_upwork_fails_the_refresh_and_the_connection_needs_reauth) {
  connect();
  ASSERT_EQ(sim_post("/__control/tokens/revoke", "{}").status, 200u);
  // The stored access token is refused; its refresh is refused too: the grant is gone.
  ASSERT_EQ(refresh(agency).status, 202u);
  ASSERT_TRUE(refresh_ends_as(agency, "failed"));
  ASSERT_TRUE(eventually([&] { return sql_text("SELECT status FROM upwork_connections") == "needs_reauth"; }));
  auto again = refresh(agency);
  EXPECT_EQ(again.status, 409u);
  EXPECT_EQ(error_code(again), "connection_needs_reauth");
}

TEST_F(upwork_refresh, refusals_answer_404_and_409_and_change_nothing) {
  connect();
  EXPECT_EQ(refresh("999").status, 404u);
  EXPECT_EQ(refresh(std::string(100, '1')).status, 404u);
  auto other = refresh(agency, other_admin.token);
  EXPECT_EQ(other.status, 404u);
  EXPECT_EQ(error_code(other), "not_found");
  EXPECT_EQ(client->post("/api/v1/upwork/organizations/" + agency + "/refresh", "{\"x\":1}", manager.token).status,
            400u);

  sql("UPDATE upwork_organizations SET selected = false WHERE id = '" + acme + "'");
  auto deselected = refresh(acme);
  EXPECT_EQ(deselected.status, 409u);
  EXPECT_EQ(error_code(deselected), "organization_not_selected");

  sql("UPDATE upwork_connections SET status = 'disconnected'");
  auto gone = refresh(agency);
  EXPECT_EQ(gone.status, 409u);
  EXPECT_EQ(error_code(gone), "connection_disconnected");
  EXPECT_EQ(refresh_state(agency).first, "idle"); // nothing was started
}
