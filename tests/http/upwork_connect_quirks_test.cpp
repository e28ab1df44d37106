// Connecting survives Upwork's odd shapes (issue 16), over real HTTP with the real sync
// engine against the simulator's quirks: a client organization's pending offers
// (contractDetails null) are skipped and counted, not a failed connect; a discovery that
// fails after the code exchange keeps the connection and its tokens (discovery failed, no
// 5xx) and the engine finishes it in the background without a new authorization;
// disconnect forgets the tokens and keeps the mappings; photos become avatar_url; connect
// sets last_refreshed_at.
#include "actors/actors.hpp"
#include "actors/engine.hpp"
#include "app/engine_control.hpp"
#include "metrics/registry.hpp"
#include "storage/upwork_mapping_store.hpp"
#include "storage/upwork_organizations_store.hpp"
#include "tests/http/api_fixture.hpp"
#include "tests/http/upwork_engine_support.hpp"
#include "tests/http/upwork_sim_support.hpp"
#include "tests/support/eventually.hpp"

#include <set>

using namespace upsync::testing;
namespace store = upsync::storage::upwork_store;
namespace sim = upsync::sim;

namespace {

const std::string key_hex(64, 'c');
const std::string& agency = demo::nomadic_soft;
const std::string& acme = demo::acme_corp;
const std::string& jose = demo::jose_mueller;

} // namespace

class upwork_connect_quirks : public api_fixture {
protected:
  upwork_connect_quirks() {
    simulator = start_demo_simulator();
    sim_http = std::make_unique<http_client>(simulator->port());
    auto s = upwork_settings_for(*simulator, key_hex);
    s.budget = std::make_shared<upsync::upwork::request_budget>();
    auto settings = engine_settings_for(s, url, *simulator);
    settings.metrics = registry;
    engine = std::make_unique<upsync::sync::engine>(std::move(settings));
    engine->start();
    // The connect's requests count into the engine's metrics, as in upsyncd.
    s.observer = engine->upwork_meter();
    gateway = std::make_shared<const upsync::http::upwork_gateway>(s);
    auto control = std::make_shared<upsync::app::engine_control>(*engine);
    upsync::http::add_upwork_connection_routes(routes, gateway, control);
    upsync::http::add_upwork_wizard_account_routes(routes, 14, control);
    upsync::http::add_upwork_wizard_mapping_routes(routes, gateway, control);
  }

  ~upwork_connect_quirks() override {
    engine.reset();
    simulator->stop();
  }

  http_reply sim_post(const std::string& path, const std::string& body) {
    return sim_http->request("POST", path, body, {{"Content-Type", "application/json"}});
  }

  /// The whole flow; the callback's answer.
  http_reply connect() { return connect_through_simulator(*client, *simulator, manager.token); }

  struct stored_connection {
    bool has_access = false;
    bool has_refresh = false;
    std::string discovery_status;
    std::string discovery_error;
  };
  stored_connection stored(const std::string& id) {
    pqxx::connection db{url};
    pqxx::work tx{db};
    auto r = tx.exec_params1("SELECT access_token_enc IS NOT NULL, refresh_token_enc IS NOT NULL, discovery_status,"
                             " coalesce(discovery_error, '') FROM upwork_connections WHERE id = $1",
                             std::stoll(id));
    return {r[0].as<bool>(), r[1].as<bool>(), r[2].as<std::string>(), r[3].as<std::string>()};
  }

  std::vector<store::organization_record> organizations() {
    pqxx::connection db{url};
    pqxx::work tx{db};
    return store::list_organizations(tx, ws_a);
  }

  std::set<std::string> stored_contract_ids() {
    pqxx::connection db{url};
    pqxx::work tx{db};
    std::set<std::string> out;
    for (const auto& r : tx.exec_params("SELECT id FROM upwork_contracts WHERE workspace_id = $1", ws_a))
      out.insert(r[0].as<std::string>());
    return out;
  }

  double skipped_counted(const std::string& operation) {
    return registry->counters("upsync_upwork_entries_skipped_total", "", {"operation"}).with({operation}).value();
  }

  json_doc accounts() { return json_doc{client->get("/api/v1/upwork/wizard/accounts", manager.token).body}; }

  /// The connection's entry of GET /api/v1/upwork/connections, as a JSON pointer prefix.
  std::string listed(const json_doc& list, const std::string& id) {
    for (std::size_t i = 0; i < list.size("/items"); ++i)
      if (list.str("/items/" + std::to_string(i) + "/id") == id)
        return "/items/" + std::to_string(i);
    ADD_FAILURE() << "connection " << id << " not listed";
    return "/items/0";
  }

  std::shared_ptr<upsync::metrics::registry> registry = std::make_shared<upsync::metrics::registry>();
  std::unique_ptr<sim::simulator> simulator;
  std::unique_ptr<http_client> sim_http;
  std::shared_ptr<const upsync::http::upwork_gateway> gateway;
  std::unique_ptr<upsync::sync::engine> engine;
};

TEST_F(upwork_connect_quirks, pending_offers_are_skipped_and_counted_and_the_connect_succeeds) {
  ASSERT_EQ(sim_post("/__control/orgs/" + acme + "/quirks", R"({"pending_offers": 3})").status, 200u);
  auto r = connect();
  ASSERT_EQ(r.status, 200u) << r.body;
  json_doc answer{r.body};
  EXPECT_EQ(answer.str("/connection/status"), "active");
  EXPECT_EQ(answer.str("/connection/discovery/status"), "done");
  auto id = answer.str("/connection/id");
  EXPECT_EQ(stored(id).discovery_status, "done");
  // Every real contract of the client is there; the three offers are not, and were counted.
  const auto& truth = simulator->state().w.data();
  auto have = stored_contract_ids();
  auto acme_index = truth.find_org(acme);
  ASSERT_TRUE(acme_index.has_value());
  std::size_t acme_contracts = 0;
  for (auto c : truth.contracts_of(*acme_index)) {
    EXPECT_EQ(have.count(truth.contract(c).id), 1u) << truth.contract(c).id;
    ++acme_contracts;
  }
  EXPECT_GT(acme_contracts, 0u);
  for (const auto& c : have)
    EXPECT_EQ(c.rfind("pending-offer", 0), std::string::npos) << c;
  // Each read of the client's offers skips exactly the three (the engine may read them
  // again, for its first refresh, by the time this looks).
  auto skipped = skipped_counted("clientOffers");
  EXPECT_GE(skipped, 3.0);
  EXPECT_EQ(static_cast<long long>(skipped) % 3, 0) << skipped;
  bool acme_found = false;
  for (const auto& o : organizations())
    acme_found = acme_found || o.id == acme;
  EXPECT_TRUE(acme_found);
}

TEST_F(upwork_connect_quirks, failed_discovery_keeps_the_connection_and_finishes_in_the_background) {
  ASSERT_EQ(sim_post("/__control/discovery/failure", R"({"failures": 1000})").status, 200u);
  auto r = connect();
  // The code was exchanged: the callback succeeds, whatever discovery met.
  ASSERT_EQ(r.status, 200u) << r.body;
  json_doc answer{r.body};
  auto id = answer.str("/connection/id");
  EXPECT_EQ(answer.str("/connection/status"), "active");
  EXPECT_EQ(answer.str("/connection/discovery/status"), "failed");
  auto saved = stored(id);
  EXPECT_TRUE(saved.has_access);
  EXPECT_TRUE(saved.has_refresh);
  EXPECT_EQ(saved.discovery_status, "failed");
  EXPECT_NE(saved.discovery_error.find("503"), std::string::npos) << saved.discovery_error;
  EXPECT_EQ(saved.discovery_error.find("oauth2v2_"), std::string::npos); // no token in the error
  EXPECT_TRUE(organizations().empty());
  // The connection list and the wizard say so.
  json_doc list{client->get("/api/v1/upwork/connections", manager.token).body};
  auto entry = listed(list, id);
  EXPECT_EQ(list.str(entry + "/status"), "active");
  EXPECT_EQ(list.str(entry + "/discovery/status"), "failed");
  EXPECT_FALSE(list.str(entry + "/discovery/error").empty());
  EXPECT_TRUE(list.at(entry + "/discovery/discovered_at").is_null());
  EXPECT_EQ(accounts().str("/discovery/status"), "failed");

  // Upwork answers again: the engine's retry finishes the connect, no new authorization.
  ASSERT_EQ(sim_post("/__control/discovery/failure", R"({"failures": 0})").status, 200u);
  ASSERT_TRUE(eventually([&] { return stored(id).discovery_status == "done"; }));
  EXPECT_FALSE(organizations().empty());
  EXPECT_EQ(stored(id).discovery_error, "");
  auto wizard = accounts();
  EXPECT_EQ(wizard.str("/discovery/status"), "done");
  EXPECT_FALSE(wizard.at("/discovery/discovered_at").is_null());
  EXPECT_GT(wizard.size("/organizations"), 0u);
  json_doc after{client->get("/api/v1/upwork/connections", manager.token).body};
  EXPECT_EQ(after.size("/items"), 1u);
  EXPECT_EQ(after.str(listed(after, id) + "/discovery/status"), "done");
}

TEST_F(upwork_connect_quirks, disconnect_forgets_the_tokens_and_keeps_the_mappings) {
  auto r = connect();
  ASSERT_EQ(r.status, 200u) << r.body;
  auto id = json_doc{r.body}.str("/connection/id");
  ASSERT_EQ(client
              ->patch("/api/v1/upwork/organizations/" + agency + "/users/" + jose,
                      R"({"member_id": ")" + manager.id() + "\"}", manager.token)
              .status,
            200u);
  auto gone =
    client->request("DELETE", "/api/v1/upwork/connections/" + id, "", {{"Authorization", "Bearer " + manager.token}});
  ASSERT_EQ(gone.status, 200u) << gone.body;
  EXPECT_EQ(json_doc{gone.body}.str("/status"), "disconnected");
  auto saved = stored(id);
  EXPECT_FALSE(saved.has_access);
  EXPECT_FALSE(saved.has_refresh);
  {
    pqxx::connection db{url};
    pqxx::work tx{db};
    bool mapped = false;
    for (const auto& u : store::list_users(tx, ws_a, agency))
      mapped = mapped || (u.upwork_user_id == jose && u.mapping.member_id == manager.record.id);
    EXPECT_TRUE(mapped);
  }
  EXPECT_FALSE(organizations().empty());

  // Re-authorizing stores new tokens on the same connection.
  auto again = client->post("/api/v1/upwork/connections/" + id + "/reauthorize", "", manager.token);
  ASSERT_EQ(again.status, 201u) << again.body;
  http_client browser{simulator->port()};
  auto consent = browser.get(json_doc{again.body}.str("/authorize_url").substr(simulator->base_url().size()));
  auto back = query_of(consent.headers["location"]);
  auto cb = client->request("GET", "/api/v1/upwork/oauth/callback?code=" + back["code"] + "&state=" + back["state"], "",
                            {{"Accept", "application/json"}});
  ASSERT_EQ(cb.status, 200u) << cb.body;
  EXPECT_EQ(json_doc{cb.body}.str("/connection/id"), id);
  EXPECT_TRUE(stored(id).has_access);
  EXPECT_TRUE(stored(id).has_refresh);
}

TEST_F(upwork_connect_quirks, photos_become_avatars_and_connect_sets_last_refreshed_at) {
  ASSERT_EQ(
    sim_post("/__control/orgs/" + agency + "/quirks", R"({"photo_url": "https://img.example/nomadic.png"})").status,
    200u);
  auto r = connect();
  ASSERT_EQ(r.status, 200u) << r.body;
  auto wizard = accounts();
  std::size_t seen = 0;
  for (std::size_t i = 0; i < wizard.size("/organizations"); ++i) {
    auto o = "/organizations/" + std::to_string(i);
    if (wizard.str(o + "/id") == agency) {
      EXPECT_EQ(wizard.str(o + "/avatar_url"), "https://img.example/nomadic.png");
      ++seen;
    } else {
      EXPECT_TRUE(wizard.at(o + "/avatar_url").is_null()) << wizard.str(o + "/id");
    }
  }
  EXPECT_EQ(seen, 1u);
  auto orgs = organizations();
  ASSERT_FALSE(orgs.empty());
  for (const auto& o : orgs)
    EXPECT_TRUE(o.last_refreshed_at.has_value()) << o.id;
}
