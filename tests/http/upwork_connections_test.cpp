// Connections, the OAuth callback with discovery and wizard step 1, over real HTTP against
// the in-process Upwork simulator (demo preset) and a fresh PostgreSQL database.
// Over 400 lines on purpose: connect, callback, discovery and step 1 share one simulator and database fixture; the
// OAuth cases depend on each other's setup.
#include "http/upwork_gateway.hpp"
#include "common/encoding.hpp"
#include "sim/simulator.hpp"
#include "storage/secrets.hpp"
#include "storage/upwork_connections_store.hpp"
#include "storage/upwork_mapping_store.hpp"
#include "storage/upwork_organizations_store.hpp"
#include "storage/upwork_rate_history.hpp"
#include "tests/http/api_fixture.hpp"
#include "tests/http/upwork_sim_support.hpp"
#include "tests/support/url_query.hpp"

#include <map>
#include <set>
#include <spdlog/spdlog.h>

using namespace upsync::testing;
namespace store = upsync::storage::upwork_store;
namespace sim = upsync::sim;

namespace {

constexpr const char* key_hex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

std::string lower(std::string s) {
  for (auto& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string error_code(const http_reply& r) { return json_doc{r.body}.str("/error/code"); }
std::string error_field(const http_reply& r) { return json_doc{r.body}.str("/error/field"); }

} // namespace

class upwork_connections : public api_fixture {
protected:
  upwork_connections() {
    simulator = start_demo_simulator();
    sim_http = std::make_unique<http_client>(simulator->port());
    auto s = upwork_settings_for(*simulator, key_hex);
    gateway = std::make_shared<const upsync::http::upwork_gateway>(s);
    // No request has reached the server yet, so adding routes now races with nothing.
    upsync::http::add_upwork_connection_routes(routes, gateway);
    upsync::http::add_upwork_wizard_account_routes(routes, 90);
  }

  ~upwork_connections() override {
    if (simulator)
      simulator->stop();
  }

  struct authorization {
    std::string url;
    std::string state;
  };

  authorization start(const std::string& token, const std::string& path = "/api/v1/upwork/connections") {
    auto r = client->post(path, "", token);
    EXPECT_EQ(r.status, 201u) << r.body;
    json_doc doc{r.body};
    return {doc.str("/authorize_url"), doc.str("/state")};
  }

  /// What the browser does at Upwork: the simulator consents and redirects back.
  std::map<std::string, std::string> consent(const std::string& authorize_url) {
    auto base = simulator->base_url();
    EXPECT_EQ(authorize_url.rfind(base, 0), 0u) << authorize_url;
    auto r = sim_http->get(authorize_url.substr(base.size()));
    EXPECT_EQ(r.status, 302u) << r.body;
    EXPECT_EQ(r.headers["location"].rfind("http://127.0.0.1/api/v1/upwork/oauth/callback?", 0), 0u);
    return query_of(r.headers["location"]);
  }

  http_reply callback(const std::string& code, const std::string& state, bool json = true) {
    std::map<std::string, std::string> headers;
    if (json)
      headers["Accept"] = "application/json";
    return client->request("GET", "/api/v1/upwork/oauth/callback?code=" + code + "&state=" + state, "", headers);
  }

  /// The whole flow; returns the connection id.
  std::string connect(const std::string& token) {
    auto a = start(token);
    auto back = consent(a.url);
    EXPECT_EQ(back["state"], a.state);
    auto r = callback(back["code"], back["state"]);
    EXPECT_EQ(r.status, 200u) << r.body;
    json_doc doc{r.body};
    EXPECT_EQ(doc.str("/connection/status"), "active");
    return doc.str("/connection/id");
  }

  http_reply put_accounts(const std::string& body, const std::string& token) {
    return client->request("PUT", "/api/v1/upwork/wizard/accounts", body,
                           {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}});
  }

  const sim::dataset& truth() { return simulator->state().w.data(); }

  std::unique_ptr<sim::simulator> simulator;
  std::unique_ptr<http_client> sim_http;
  std::shared_ptr<const upsync::http::upwork_gateway> gateway;
};

TEST_F(upwork_connections, start_gives_an_authorize_url_with_a_fresh_state) {
  auto a = start(manager.token);
  auto b = start(admin.token);
  EXPECT_NE(a.state, b.state);
  EXPECT_EQ(upsync::encoding::from_base64url(a.state)->size(), 32u);
  auto q = query_of(a.url);
  EXPECT_EQ(q["state"], a.state);
  EXPECT_EQ(q["client_id"], "upsync-test");
  EXPECT_EQ(q["response_type"], "code");
  EXPECT_EQ(q.count("scope"), 0u);
  // The state is stored hashed, never as given.
  pqxx::connection db{url};
  pqxx::work tx{db};
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM upwork_oauth_states")[0].as<int>(), 2);
  EXPECT_EQ(tx.exec_params1("SELECT count(*) FROM upwork_oauth_states WHERE state_hash = $1::bytea",
                            pqxx::binarystring(a.state))[0]
              .as<int>(),
            0);
}

TEST_F(upwork_connections, the_flow_discovers_every_organization_user_and_contract) {
  auto id = connect(manager.token);

  pqxx::connection db{url};
  pqxx::work tx{db};
  // The code exchange and every discovery request are the connection's first requests of
  // the day (issue 19); the consent page was the person's.
  auto& stats = simulator->state().stats;
  EXPECT_EQ(tx.exec_params1("SELECT COALESCE(sum(requests), 0) FROM upwork_connection_request_days "
                            "WHERE workspace_id = $1 AND connection_id = $2",
                            ws_a, std::stoll(id))[0]
              .as<long long>(),
            static_cast<long long>(stats.total() - stats.count("oauth.authorize")));
  auto conn = store::find_connection(tx, ws_a, std::stoll(id));
  ASSERT_TRUE(conn);
  EXPECT_EQ(conn->status, "active");
  EXPECT_EQ(conn->created_by, manager.record.id);

  // Tokens are sealed with the connection's id as associated data, never plaintext.
  auto key = *upsync::storage::secret_key::from_hex(key_hex);
  ASSERT_TRUE(conn->access_token_enc && conn->refresh_token_enc);
  auto sealed = *upsync::encoding::from_hex(*conn->access_token_enc);
  auto access = upsync::storage::decrypt(key, sealed, upsync::storage::connection_aad(conn->id));
  ASSERT_TRUE(access);
  EXPECT_EQ(access->rfind("oauth2v2_", 0), 0u);
  EXPECT_EQ(sealed.find(*access), std::string::npos);
  EXPECT_EQ(sealed.find("oauth2v2_"), std::string::npos);
  EXPECT_FALSE(upsync::storage::decrypt(key, sealed, upsync::storage::connection_aad(conn->id + 1)));
  auto refresh = upsync::storage::decrypt(key, *upsync::encoding::from_hex(*conn->refresh_token_enc),
                                          upsync::storage::connection_aad(conn->id));
  ASSERT_TRUE(refresh);
  EXPECT_EQ(refresh->rfind("oauth2v2_", 0), 0u);
  ASSERT_TRUE(conn->access_expires_at);

  // Organizations: every one the grant reaches, with the simulator's names and kinds.
  const auto& d = truth();
  auto orgs = store::list_organizations(tx, ws_a);
  ASSERT_EQ(orgs.size(), d.org_count());
  std::map<std::string, store::organization_record> by_id;
  for (const auto& o : orgs)
    by_id.emplace(o.id, o);
  std::set<std::string> want_contracts;
  for (std::uint32_t i = 0; i < d.org_count(); ++i) {
    auto want = d.org(i);
    SCOPED_TRACE(want.name);
    ASSERT_TRUE(by_id.count(want.id));
    const auto& got = by_id.at(want.id);
    EXPECT_EQ(got.name, want.name);
    EXPECT_EQ(got.type, sim::to_string(want.kind));
    EXPECT_TRUE(got.selected);
    EXPECT_EQ(got.connection_id, conn->id);

    // People: an agency's or freelancer's staff; a client's contract freelancers.
    std::set<std::string> want_users;
    std::size_t contracts_on_its_side = 0;
    if (want.kind != sim::org_kind::client)
      for (const auto& m : d.members(i))
        want_users.insert(m.user.id);
    for (auto ci : d.contracts_of(i)) {
      auto c = d.contract(ci);
      bool its_side = want.kind == sim::org_kind::client ? c.client_org == i : c.vendor_org == i;
      if (!its_side)
        continue;
      ++contracts_on_its_side;
      want_users.insert(c.freelancer.id);
      want_contracts.insert(c.id);
    }
    std::set<std::string> got_users;
    for (const auto& u : store::list_users(tx, ws_a, want.id)) {
      got_users.insert(u.upwork_user_id);
      EXPECT_EQ(u.mapping.match, "none");
      EXPECT_FALSE(u.mapping.member_id);
    }
    EXPECT_EQ(got_users, want_users);
    EXPECT_EQ(got.users_count, static_cast<int>(want_users.size()));
    EXPECT_EQ(got.contracts_count, static_cast<int>(contracts_on_its_side));
  }

  // Contracts: each once, held by its vendor side, with status, kind and rate history.
  auto contracts = store::list_contracts(tx, ws_a);
  std::set<std::string> got_contracts;
  for (const auto& c : contracts) {
    got_contracts.insert(c.id);
    auto want = d.contract(*d.find_contract(c.id));
    SCOPED_TRACE(c.id);
    EXPECT_EQ(c.organization_id, d.org(want.vendor_org).id);
    EXPECT_EQ(c.upwork_user_id, want.freelancer.id);
    EXPECT_EQ(c.title, want.title);
    EXPECT_EQ(c.status, lower(sim::to_string(want.status)));
    EXPECT_EQ(c.kind, want.hourly ? "hourly" : "fixed");
    EXPECT_EQ(c.client_name, d.org(want.client_org).name);
    auto rates = store::load_rates(tx, ws_a, c.id);
    ASSERT_EQ(rates.size(), want.hourly_terms.size());
    for (std::size_t i = 0; i < rates.size(); ++i) {
      EXPECT_EQ(rates[i].side, "upwork");
      EXPECT_EQ(rates[i].effective_from, want.hourly_terms[i].start_day);
    }
  }
  EXPECT_EQ(got_contracts, want_contracts);
  // The rate change of the demo: three terms, today's rate is the last.
  auto raised = store::find_contract(tx, ws_a, "38117208");
  ASSERT_TRUE(raised);
  EXPECT_EQ(raised->upwork_rate, "70.00");
  EXPECT_EQ(store::load_rates(tx, ws_a, "38117208").front().rate, "60.00");
}

TEST_F(upwork_connections, a_browser_is_sent_on_to_the_wizard) {
  auto a = start(admin.token);
  auto back = consent(a.url);
  auto r = callback(back["code"], back["state"], false);
  EXPECT_EQ(r.status, 303u) << r.body;
  EXPECT_EQ(r.headers["location"].rfind("/console/wizard", 0), 0u);
}

TEST_F(upwork_connections, replayed_forged_expired_or_missing_state_answers_400) {
  auto a = start(manager.token);
  auto back = consent(a.url);
  ASSERT_EQ(callback(back["code"], back["state"]).status, 200u);

  auto replay = callback(back["code"], back["state"]);
  EXPECT_EQ(replay.status, 400u);
  EXPECT_EQ(error_code(replay), "invalid_request");
  EXPECT_EQ(error_field(replay), "state");

  auto forged = callback("whatever", upsync::encoding::to_base64url(std::string(32, 'x')));
  EXPECT_EQ(forged.status, 400u);
  EXPECT_EQ(error_field(forged), "state");
  // Same words for every bad state: never reveal which it was.
  EXPECT_EQ(json_doc{forged.body}.str("/error/message"), json_doc{replay.body}.str("/error/message"));

  auto b = start(manager.token);
  {
    pqxx::connection db{url};
    pqxx::work tx{db};
    tx.exec0("UPDATE upwork_oauth_states SET expires_at = now() - interval '1 second'"
             " WHERE used_at IS NULL");
    tx.commit();
  }
  auto back_b = consent(b.url);
  auto expired = callback(back_b["code"], back_b["state"]);
  EXPECT_EQ(expired.status, 400u);
  EXPECT_EQ(error_field(expired), "state");

  auto no_state = client->get("/api/v1/upwork/oauth/callback?code=abc");
  EXPECT_EQ(no_state.status, 400u);
  EXPECT_EQ(error_field(no_state), "state");
  auto no_code = client->get("/api/v1/upwork/oauth/callback?state=abc");
  EXPECT_EQ(no_code.status, 400u);
  EXPECT_EQ(error_field(no_code), "code");
  auto refused = client->get("/api/v1/upwork/oauth/callback?error=access_denied&state=abc");
  EXPECT_EQ(refused.status, 400u);

  pqxx::connection db{url};
  pqxx::work tx{db};
  EXPECT_EQ(store::list_connections(tx, ws_a).size(), 1u);
}

TEST_F(upwork_connections, a_refused_code_answers_400_and_writes_nothing) {
  auto a = start(manager.token);
  auto r = callback("not-a-code", a.state);
  EXPECT_EQ(r.status, 400u) << r.body;
  EXPECT_EQ(error_field(r), "code");
  pqxx::connection db{url};
  pqxx::work tx{db};
  EXPECT_TRUE(store::list_connections(tx, ws_a).empty());
  EXPECT_TRUE(store::list_organizations(tx, ws_a).empty());
}

TEST_F(upwork_connections, upwork_unreachable_answers_503_and_writes_nothing) {
  auto a = start(manager.token);
  auto back = consent(a.url);
  simulator->stop();
  auto r = callback(back["code"], back["state"]);
  EXPECT_EQ(r.status, 503u) << r.body;
  EXPECT_EQ(error_code(r), "unavailable");
  pqxx::connection db{url};
  pqxx::work tx{db};
  EXPECT_TRUE(store::list_connections(tx, ws_a).empty());
  EXPECT_TRUE(store::list_organizations(tx, ws_a).empty());
}

TEST_F(upwork_connections, a_discovery_failure_after_the_exchange_keeps_the_connection_and_its_tokens) {
  auto a = start(manager.token);
  auto back = consent(a.url);
  // The token endpoint still answers; every GraphQL request fails.
  auto faults = simulator->state().faults.config();
  faults.error_5xx_share = 1.0;
  simulator->state().faults.set_config(faults);
  auto r = callback(back["code"], back["state"]);
  // The code is spent: never a 5xx now (a retry could only get 400). The connection stays,
  // its discovery failed (retried by the engine: tests/http/upwork_connect_quirks_test.cpp).
  ASSERT_EQ(r.status, 200u) << r.body;
  json_doc doc{r.body};
  EXPECT_EQ(doc.str("/connection/status"), "active");
  EXPECT_EQ(doc.str("/connection/discovery/status"), "failed");
  pqxx::connection db{url};
  pqxx::work tx{db};
  auto connections = store::list_connections(tx, ws_a);
  ASSERT_EQ(connections.size(), 1u);
  EXPECT_TRUE(connections[0].access_token_enc.has_value());
  EXPECT_TRUE(connections[0].refresh_token_enc.has_value());
  EXPECT_EQ(connections[0].discovery_status, "failed");
  EXPECT_EQ(connections[0].discovery_failures, 1);
  ASSERT_TRUE(connections[0].discovery_error.has_value());
  EXPECT_EQ(connections[0].discovery_error->find("<html"), std::string::npos); // no piece of the answer
  EXPECT_TRUE(store::list_organizations(tx, ws_a).empty());
  EXPECT_TRUE(store::list_contracts(tx, ws_a).empty());
}

TEST_F(upwork_connections, the_list_shows_connections_with_their_organizations_and_never_tokens) {
  auto id = connect(manager.token);
  auto r = client->get("/api/v1/upwork/connections", admin.token);
  ASSERT_EQ(r.status, 200u) << r.body;
  json_doc doc{r.body};
  ASSERT_EQ(doc.size("/items"), 1u);
  EXPECT_EQ(doc.str("/items/0/id"), id);
  EXPECT_EQ(doc.str("/items/0/status"), "active");
  EXPECT_EQ(doc.str("/items/0/created_at").size(), 20u);
  EXPECT_EQ(doc.size("/items/0/organization_ids"), truth().org_count());

  pqxx::connection db{url};
  pqxx::work tx{db};
  auto conn = *store::find_connection(tx, ws_a, std::stoll(id));
  auto key = *upsync::storage::secret_key::from_hex(key_hex);
  auto access = *upsync::storage::decrypt(key, *upsync::encoding::from_hex(*conn.access_token_enc),
                                          upsync::storage::connection_aad(conn.id));
  auto refresh = *upsync::storage::decrypt(key, *upsync::encoding::from_hex(*conn.refresh_token_enc),
                                           upsync::storage::connection_aad(conn.id));
  for (const auto& secret : {access, refresh, *conn.access_token_enc, *conn.refresh_token_enc})
    EXPECT_EQ(r.body.find(secret), std::string::npos);
  EXPECT_EQ(r.body.find("oauth2v2_"), std::string::npos);
  EXPECT_EQ(r.body.find("token"), std::string::npos);

  // Another workspace sees none of it.
  auto other = client->get("/api/v1/upwork/connections", other_admin.token);
  ASSERT_EQ(other.status, 200u);
  EXPECT_EQ(json_doc{other.body}.size("/items"), 0u);
}

TEST_F(upwork_connections, members_get_403_and_strangers_401) {
  auto id = connect(manager.token);
  for (auto [method, path] :
       std::vector<std::pair<std::string, std::string>>{{"POST", "/api/v1/upwork/connections"},
                                                        {"GET", "/api/v1/upwork/connections"},
                                                        {"POST", "/api/v1/upwork/connections/" + id + "/reauthorize"},
                                                        {"DELETE", "/api/v1/upwork/connections/" + id},
                                                        {"GET", "/api/v1/upwork/wizard/accounts"},
                                                        {"PUT", "/api/v1/upwork/wizard/accounts"}}) {
    SCOPED_TRACE(method + " " + path);
    auto r = client->request(method, path, method == "PUT" ? "{\"selected\": []}" : "",
                             {{"Authorization", "Bearer " + member.token}});
    EXPECT_EQ(r.status, 403u);
    EXPECT_EQ(error_code(r), "forbidden");
    EXPECT_EQ(client->request(method, path).status, 401u);
  }
}

TEST_F(upwork_connections, another_workspaces_connection_answers_404) {
  auto id = connect(manager.token);
  EXPECT_EQ(client->post("/api/v1/upwork/connections/" + id + "/reauthorize", "", other_admin.token).status, 404u);
  EXPECT_EQ(client->del("/api/v1/upwork/connections/" + id, other_admin.token).status, 404u);
  EXPECT_EQ(client->del("/api/v1/upwork/connections/999999", admin.token).status, 404u);
  EXPECT_EQ(client->del("/api/v1/upwork/connections/abc", admin.token).status, 404u);
  pqxx::connection db{url};
  pqxx::work tx{db};
  EXPECT_EQ(store::find_connection(tx, ws_a, std::stoll(id))->status, "active");
}

TEST_F(upwork_connections, reauthorize_reuses_the_connection_and_keeps_every_mapping) {
  auto id = connect(manager.token);
  const std::string agency = "1426081917340139521";
  const std::string jose = "1387711212009881602";
  {
    pqxx::connection db{url};
    pqxx::work tx{db};
    store::user_mapping m;
    m.member_id = manager.record.id;
    m.match = "exact";
    m.sync = true;
    m.locked = true;
    ASSERT_TRUE(store::update_user_mapping(tx, ws_a, agency, jose, m));
    ASSERT_TRUE(store::update_contract_mapping(tx, ws_a, "38117204", {std::nullopt, true, true}));
    store::set_organizations_selected(tx, ws_a, {"1426081917340139522"}, false);
    store::set_connection_status(tx, ws_a, std::stoll(id), "needs_reauth");
    tx.commit();
  }
  simulator->state().oauth.revoke_all();

  auto a = start(admin.token, "/api/v1/upwork/connections/" + id + "/reauthorize");
  auto back = consent(a.url);
  auto r = callback(back["code"], back["state"]);
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(json_doc{r.body}.str("/connection/id"), id);

  pqxx::connection db{url};
  pqxx::work tx{db};
  auto connections = store::list_connections(tx, ws_a);
  ASSERT_EQ(connections.size(), 1u);
  EXPECT_EQ(connections[0].status, "active");
  for (const auto& u : store::list_users(tx, ws_a, agency))
    if (u.upwork_user_id == jose) {
      EXPECT_EQ(u.mapping.member_id, manager.record.id);
      EXPECT_EQ(u.mapping.match, "exact");
      EXPECT_TRUE(u.mapping.sync);
      EXPECT_TRUE(u.mapping.locked);
    }
  auto c = store::find_contract(tx, ws_a, "38117204");
  EXPECT_TRUE(c->mapping.sync);
  EXPECT_TRUE(c->mapping.locked);
  EXPECT_EQ(c->organization_id, agency);
  EXPECT_FALSE(store::find_organization(tx, ws_a, "1426081917340139522")->selected);
  EXPECT_TRUE(store::find_organization(tx, ws_a, agency)->selected);
}

TEST_F(upwork_connections, disconnect_stops_the_connection_and_keeps_its_data) {
  auto id = connect(manager.token);
  auto r = client->del("/api/v1/upwork/connections/" + id, manager.token);
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(json_doc{r.body}.str("/status"), "disconnected");
  auto list = client->get("/api/v1/upwork/connections", manager.token);
  EXPECT_EQ(json_doc{list.body}.str("/items/0/status"), "disconnected");
  pqxx::connection db{url};
  pqxx::work tx{db};
  EXPECT_EQ(store::list_organizations(tx, ws_a).size(), truth().org_count());
  EXPECT_FALSE(store::list_contracts(tx, ws_a).empty());
}

TEST_F(upwork_connections, wizard_accounts_lists_and_selects_organizations) {
  auto empty = client->get("/api/v1/upwork/wizard/accounts", manager.token);
  ASSERT_EQ(empty.status, 200u);
  EXPECT_EQ(json_doc{empty.body}.size("/organizations"), 0u);

  connect(manager.token);
  auto r = client->get("/api/v1/upwork/wizard/accounts", manager.token);
  ASSERT_EQ(r.status, 200u) << r.body;
  json_doc doc{r.body};
  ASSERT_EQ(doc.size("/organizations"), 4u);
  EXPECT_EQ(doc.size("/sync_info/scopes"), 3u);
  EXPECT_EQ(doc.str("/sync_info/scopes/0"), "time_and_contracts");
  EXPECT_EQ(doc.str("/sync_info/scopes/1"), "basic_user_profiles");
  EXPECT_EQ(doc.str("/sync_info/scopes/2"), "client_company_references");
  EXPECT_EQ(doc.at("/sync_info/import_days").get_int64().value(), 90);
  std::map<std::string, std::string> type_by_name;
  for (std::size_t i = 0; i < 4; ++i) {
    auto p = "/organizations/" + std::to_string(i);
    type_by_name[doc.str(p + "/name")] = doc.str(p + "/type");
    EXPECT_TRUE(doc.at(p + "/selected").get_bool().value());
    EXPECT_TRUE(doc.at(p + "/avatar_url").is_null() || doc.at(p + "/avatar_url").is_string());
    if (doc.str(p + "/name") == "Nomadic Soft") {
      EXPECT_EQ(doc.at(p + "/users_count").get_int64().value(), 5);
      EXPECT_EQ(doc.at(p + "/contracts_count").get_int64().value(), 5);
    }
  }
  EXPECT_EQ(type_by_name["Nomadic Soft"], "agency");
  EXPECT_EQ(type_by_name["Acme Corp"], "client");
  EXPECT_EQ(type_by_name["Globex GmbH"], "client");
  EXPECT_EQ(type_by_name["John Smith"], "freelancer");

  // Deselect all but the agency.
  auto put = put_accounts(R"({"selected": ["1426081917340139521"]})", manager.token);
  ASSERT_EQ(put.status, 200u) << put.body;
  json_doc after{put.body};
  for (std::size_t i = 0; i < 4; ++i) {
    auto p = "/organizations/" + std::to_string(i);
    EXPECT_EQ(after.at(p + "/selected").get_bool().value(), after.str(p + "/id") == "1426081917340139521");
  }
  EXPECT_EQ(after.at("/sync_info/import_days").get_int64().value(), 90);
  // And back to all; an empty list deselects everything.
  ASSERT_EQ(put_accounts(R"({"selected": []})", admin.token).status, 200u);
  pqxx::connection db{url};
  {
    pqxx::work tx{db};
    for (const auto& o : store::list_organizations(tx, ws_a))
      EXPECT_FALSE(o.selected);
  }

  // Another workspace sees nothing and cannot select these.
  EXPECT_EQ(json_doc{client->get("/api/v1/upwork/wizard/accounts", other_admin.token).body}.size("/organizations"), 0u);
  auto foreign = put_accounts(R"({"selected": ["1426081917340139521"]})", other_admin.token);
  EXPECT_EQ(foreign.status, 400u);
  EXPECT_EQ(error_field(foreign), "selected");
}

TEST_F(upwork_connections, wizard_accounts_refuses_bad_input_with_400) {
  connect(manager.token);
  for (auto [body, field] :
       std::vector<std::pair<std::string, std::string>>{{R"({"selected": ["1426081917340139521", "999"]})", "selected"},
                                                        {R"({"selected": "1426081917340139521"})", "selected"},
                                                        {R"({"selected": [1426081917340139521]})", "selected"},
                                                        {R"({"selected": [""]})", "selected"},
                                                        {R"({"selected": null})", "selected"},
                                                        {R"({"selected": {}})", "selected"},
                                                        {R"({})", "selected"},
                                                        {R"({"selected": [], "extra": 1})", "extra"},
                                                        {R"({"selected": [], "selected": []})", "selected"}}) {
    SCOPED_TRACE(body);
    auto r = put_accounts(body, manager.token);
    EXPECT_EQ(r.status, 400u) << r.body;
    EXPECT_EQ(error_code(r), "invalid_request");
    EXPECT_EQ(error_field(r), field);
  }
  for (std::string body : {"{\"selected\": [", "[]", "", "null", "\"x\""}) {
    SCOPED_TRACE(body);
    auto r = put_accounts(body, manager.token);
    EXPECT_EQ(r.status, 400u) << r.body;
    EXPECT_EQ(error_code(r), "invalid_request");
  }
  // Nothing changed.
  pqxx::connection db{url};
  pqxx::work tx{db};
  for (const auto& o : store::list_organizations(tx, ws_a))
    EXPECT_TRUE(o.selected);
}

TEST_F(upwork_connections, start_refuses_a_body_it_does_not_understand) {
  auto r = client->post("/api/v1/upwork/connections", R"({"scope": "all"})", manager.token);
  EXPECT_EQ(r.status, 400u);
  EXPECT_EQ(error_field(r), "scope");
  EXPECT_EQ(client->post("/api/v1/upwork/connections", "{", manager.token).status, 400u);
  EXPECT_EQ(client->post("/api/v1/upwork/connections", "{}", manager.token).status, 201u);
}
