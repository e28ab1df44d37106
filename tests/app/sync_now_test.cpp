// "Sync now" and the sync history (issue 20) end to end: the real engine on an hour's cycle,
// syncing from upwork-sim into a real PostgreSQL, POST /api/v1/upwork/organizations/{id}/sync
// and GET .../runs over real HTTP. A cell added in the simulator arrives within seconds of
// the request instead of the next hour's cycle; what cannot be synced is refused with its
// reason; the runs say what the import and each cycle read, wrote and asked, and why one
// failed; both endpoints are a manager's of the organization's own workspace.
#include "actors/engine.hpp"
#include "app/engine_control.hpp"
#include "http/dispatcher.hpp"
#include "http/handlers/routes.hpp"
#include "http/server.hpp"
#include "http/upwork_gateway.hpp"
#include "sim/simulator.hpp"
#include "storage/connection_pool.hpp"
#include "storage/workspace_store.hpp"
#include "tests/actors/sync_seed.hpp"
#include "tests/http/upwork_sim_support.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/json_doc.hpp"
#include "tests/support/pg_cluster.hpp"

#include <gtest/gtest.h>
#include <pqxx/pqxx>

using namespace upsync;
using upsync::testing::eventually;
using upsync::testing::json_doc;
using upsync::testing::pg_cluster;
using upsync::testing::syncs;

namespace {

const std::string key_hex(64, 'e');
const std::string client_id = "upsync-sync-now-test";
const std::string client_secret = "sync-now-client-secret";

upsync::testing::world_size world() {
  upsync::testing::world_size size;
  size.seed = 11;
  return size;
}

class sync_now_test : public ::testing::Test {
protected:
  sync_now_test() : sim(upsync::testing::frozen_world(world(), client_secret)) {
    sim.start();
    sim_http = std::make_unique<upsync::testing::http_client>(sim.port());
    url = pg_cluster::shared().create_migrated_database();
    seeded = upsync::testing::seed_sync_workspace(url, sim, key_hex, client_id, {0u, 2u});
    pqxx::connection db{url};
    pqxx::work tx{db};
    namespace ws = storage::workspace_store;
    auto manager = ws::create_member(tx, seeded.workspace_id, "Manager", "m@example.com", storage::role::manager);
    manager_token = ws::issue_token(tx, seeded.workspace_id, manager.id);
    auto member = ws::create_member(tx, seeded.workspace_id, "Plain", "p@example.com", storage::role::member);
    member_token = ws::issue_token(tx, seeded.workspace_id, member.id);
    auto other = ws::create_workspace(tx, "Elsewhere", "UTC");
    auto stranger = ws::create_member(tx, other.id, "Stranger", "s@example.com", storage::role::super_admin);
    stranger_token = ws::issue_token(tx, other.id, stranger.id);
    tx.commit();

    auto s = upsync::testing::simulator_engine_settings(sim, url, key_hex, client_id, client_secret);
    s.import_days = 10;
    s.cycle_interval = std::chrono::hours(1); // nothing but "Sync now" cycles after the import
    engine = std::make_unique<sync::engine>(std::move(s));
    auto control = std::make_shared<app::engine_control>(*engine);
    auto gateway = std::make_shared<const http::upwork_gateway>(upsync::testing::upwork_settings_for(sim, key_hex));
    http::add_upwork_wizard_mapping_routes(routes, gateway, control);
    http::add_upwork_run_routes(routes);
    pool = std::make_unique<storage::connection_pool>(url, 2);
    dispatch = std::make_unique<http::dispatcher>(routes, *pool);
    http::server_options o;
    o.port = 0;
    o.worker_threads = 2;
    server = std::make_unique<http::server>(o, [this](http::request&& r) { return (*dispatch)(std::move(r)); });
    server->start();
    client = std::make_unique<upsync::testing::http_client>(server->port());
    engine->start();
  }

  ~sync_now_test() override {
    server->stop();
    engine.reset();
  }

  upsync::testing::http_reply sync(const std::string& organization_id, const std::string& token,
                                   const std::string& body = "") {
    return client->post("/api/v1/upwork/organizations/" + organization_id + "/sync", body, token);
  }

  long long scalar(const std::string& sql) { return upsync::testing::scalar(url, sql); }

  upsync::testing::http_reply runs(const std::string& organization_id, const std::string& token,
                                   const std::string& query = "") {
    return client->get("/api/v1/upwork/organizations/" + organization_id + "/runs" + query, token);
  }

  long long cells_of(const std::string& contract_id) {
    return scalar("SELECT count(*) FROM upwork_cells WHERE contract_id = '" + contract_id + "'");
  }

  /// A syncing contract of the first organization, and that organization's id.
  std::pair<std::string, std::string> syncing_contract() {
    for (const auto& [org, c] : seeded.contracts)
      if (syncs(c) && org == 0)
        return {sim.state().w.data().org(org).id, c.id};
    return {};
  }

  /// A cell yesterday (inside every re-read window) in a slot where the synced contract has
  /// none, straight into the simulator's world.
  void add_cell_yesterday(const std::string& contract_id) {
    auto& w = sim.state().w;
    auto day = w.today() - 1;
    auto free = scalar("SELECT min(s) FROM generate_series(" + std::to_string(day * 86400) + ", "
                       + std::to_string(day * 86400 + 86400 - 600)
                       + ", 600) AS s WHERE NOT EXISTS ("
                         "SELECT 1 FROM upwork_cells WHERE contract_id = '"
                       + contract_id + "' AND cell_start = to_timestamp(s))");
    ASSERT_GT(free, 0) << "no free slot yesterday";
    sim::cell c;
    c.start_ms = free * 1000;
    c.activity = 5;
    c.memo = "sync now";
    auto edited = w.edit_cells(*w.data().find_contract(contract_id), day, {c}, {});
    ASSERT_TRUE(edited.ok) << edited.error;
  }

  sim::simulator sim;
  std::unique_ptr<upsync::testing::http_client> sim_http;
  std::string url;
  upsync::testing::sync_seed seeded;
  std::string manager_token, member_token, stranger_token;
  std::unique_ptr<sync::engine> engine;
  http::router routes;
  std::unique_ptr<storage::connection_pool> pool;
  std::unique_ptr<http::dispatcher> dispatch;
  std::unique_ptr<http::server> server;
  std::unique_ptr<upsync::testing::http_client> client;
};

} // namespace

TEST_F(sync_now_test, a_cell_added_in_upwork_arrives_within_seconds_of_sync_now) {
  ASSERT_TRUE(eventually([&] { return upsync::testing::imports_done(url, seeded); }));
  const auto chosen = syncing_contract();
  const std::string organization = chosen.first, contract = chosen.second;
  ASSERT_FALSE(contract.empty());
  const auto before = cells_of(contract);
  add_cell_yesterday(contract);
  auto answer = sync(organization, manager_token);
  ASSERT_EQ(answer.status, 202u) << answer.body;
  EXPECT_EQ(json_doc{answer.body}.str("/sync"), "requested");
  // The next scheduled cycle is an hour away: only "Sync now" can bring it.
  EXPECT_TRUE(eventually([&] { return cells_of(contract) == before + 1; }, std::chrono::seconds(10)))
    << "cells " << cells_of(contract) << ", were " << before;
  // A second request while nothing changed runs a cycle too and writes nothing twice.
  ASSERT_EQ(sync(organization, manager_token).status, 202u);
  ASSERT_EQ(sync(organization, manager_token).status, 202u) << "a request while one runs joins it";
  add_cell_yesterday(contract);
  ASSERT_EQ(sync(organization, manager_token).status, 202u);
  EXPECT_TRUE(eventually([&] { return cells_of(contract) == before + 2; }, std::chrono::seconds(10)));
}

TEST_F(sync_now_test, what_cannot_sync_is_refused_with_its_reason) {
  const auto chosen = syncing_contract();
  const std::string organization = chosen.first, contract = chosen.second;
  auto code = [&](const upsync::testing::http_reply& r) { return json_doc{r.body}.str("/error/code"); };
  // Not selected in wizard step 1.
  auto other = sim.state().w.data().org(1).id;
  scalar("INSERT INTO upwork_organizations (workspace_id, id, connection_id, name, type, selected) VALUES ("
         + std::to_string(seeded.workspace_id) + ", '" + other + "', " + std::to_string(seeded.connection_id)
         + ", 'Not chosen', 'agency', false) RETURNING 1");
  auto r = sync(other, manager_token);
  EXPECT_EQ(r.status, 409u) << r.body;
  EXPECT_EQ(code(r), "organization_not_selected");
  // A body it does not expect, an organization that does not exist.
  EXPECT_EQ(sync(organization, manager_token, R"({"now": true})").status, 400u);
  EXPECT_EQ(sync("no-such-organization", manager_token).status, 404u);
  EXPECT_EQ(sync(std::string(300, '9'), manager_token).status, 404u);
  // A grant that needs re-authorization: nothing to read Upwork with.
  scalar("UPDATE upwork_connections SET status = 'needs_reauth' WHERE id = " + std::to_string(seeded.connection_id)
         + " RETURNING 1");
  r = sync(organization, manager_token);
  EXPECT_EQ(r.status, 409u) << r.body;
  EXPECT_EQ(code(r), "connection_needs_reauth");
}

TEST_F(sync_now_test, it_is_a_managers_of_the_organizations_own_workspace) {
  auto organization = syncing_contract().first;
  EXPECT_EQ(sync(organization, "").status, 401u);
  EXPECT_EQ(sync(organization, member_token).status, 403u);
  EXPECT_EQ(sync(organization, stranger_token).status, 404u) << "another workspace's organization is not there";
}

TEST_F(sync_now_test, the_runs_tell_what_the_import_and_each_cycle_did) {
  ASSERT_TRUE(eventually([&] { return upsync::testing::imports_done(url, seeded); }));
  const auto chosen = syncing_contract();
  const std::string organization = chosen.first, contract = chosen.second;
  const std::string org_filter = "organization_id = '" + organization + "'";
  // Written with the synced marks, within a second of the import's end.
  ASSERT_TRUE(eventually([&] { return scalar("SELECT count(*) FROM upwork_sync_runs WHERE " + org_filter) > 0; }));
  auto answer = runs(organization, manager_token);
  ASSERT_EQ(answer.status, 200u) << answer.body;
  json_doc doc{answer.body};
  ASSERT_EQ(doc.size("/items"), 1u) << answer.body;
  EXPECT_EQ(doc.str("/items/0/kind"), "import");
  EXPECT_EQ(doc.str("/items/0/result"), "succeeded");
  EXPECT_TRUE(doc.is_null("/items/0/error"));
  const auto cells = scalar("SELECT count(*) FROM upwork_cells c JOIN upwork_contracts k ON k.workspace_id = "
                            "c.workspace_id AND k.id = c.contract_id WHERE k."
                            + org_filter);
  const auto intervals = scalar("SELECT count(*) FROM time_intervals i JOIN upwork_contracts k ON k.workspace_id = "
                                "i.workspace_id AND k.id = i.upwork_contract_id WHERE k."
                                + org_filter);
  const auto days = scalar("SELECT count(*) FROM upwork_day_totals d JOIN upwork_contracts k ON k.workspace_id = "
                           "d.workspace_id AND k.id = d.contract_id WHERE d.seconds > 0 AND k."
                           + org_filter);
  EXPECT_GT(cells, 0);
  EXPECT_EQ(doc.integer("/items/0/cells_written"), cells);
  EXPECT_EQ(doc.integer("/items/0/intervals_written"), intervals);
  EXPECT_EQ(doc.integer("/items/0/contract_days_read"), days) << "each day with time read once";
  EXPECT_GT(doc.integer("/items/0/requests"), 0);
  EXPECT_TRUE(doc.is_null("/next_before"));

  // A cycle that fails: Upwork answers 503 to everything.
  auto faults = sim.state().faults.config();
  faults.error_5xx_share = 1.0;
  sim.state().faults.set_config(faults);
  ASSERT_EQ(sync(organization, manager_token).status, 202u);
  std::string body;
  auto newest = [&] {
    body = runs(organization, manager_token).body;
    return json_doc{body};
  };
  ASSERT_TRUE(eventually([&] { return newest().str("/items/0/result") == "failed"; }, std::chrono::seconds(60)))
    << body;
  json_doc failed{body};
  EXPECT_EQ(failed.str("/items/0/kind"), "cycle");
  EXPECT_NE(failed.str("/items/0/error").find("50"), std::string::npos) << body;
  EXPECT_EQ(failed.integer("/items/0/cells_written"), 0);
  EXPECT_GT(failed.integer("/items/0/requests"), 1) << "retried before it gave up";

  // Upwork back, a cell added: a cycle writes exactly it (the one "Sync now" asks for, or
  // the failure's own retry if that comes first).
  faults.error_5xx_share = 0;
  sim.state().faults.set_config(faults);
  add_cell_yesterday(contract);
  ASSERT_EQ(sync(organization, manager_token).status, 202u);
  ASSERT_TRUE(eventually(
    [&] {
      auto d = newest();
      return d.str("/items/0/result") == "succeeded" && d.integer("/items/0/cells_written") == 1;
    },
    std::chrono::seconds(30)))
    << body;
  EXPECT_EQ(json_doc{body}.integer("/items/0/contract_days_read"), 1);
  EXPECT_EQ(json_doc{body}.str("/items/0/kind"), "cycle");

  // Idle cycles share one run.
  ASSERT_EQ(sync(organization, manager_token).status, 202u);
  ASSERT_TRUE(eventually([&] { return newest().integer("/items/0/cells_written") == 0; })) << body;
  ASSERT_EQ(sync(organization, manager_token).status, 202u);
  ASSERT_TRUE(eventually([&] { return newest().integer("/items/0/cycles") == 2; }))
    << "a second idle cycle extends the first: " << body;
  // Paging walks back from the newest run to the import, two at a time.
  std::vector<std::string> kinds;
  std::string before;
  for (int page = 0; page < 20; ++page) {
    auto reply = runs(organization, manager_token, "?limit=2" + (before.empty() ? "" : "&before=" + before));
    ASSERT_EQ(reply.status, 200u) << reply.body;
    json_doc d{reply.body};
    for (auto item : d.at("/items").get_array())
      kinds.emplace_back(std::string_view{item["kind"]});
    if (d.is_null("/next_before"))
      break;
    before = d.str("/next_before");
  }
  ASSERT_GE(kinds.size(), 4u);
  EXPECT_EQ(kinds.back(), "import") << "the oldest run";
  EXPECT_EQ(static_cast<long long>(kinds.size()), scalar("SELECT count(*) FROM upwork_sync_runs WHERE " + org_filter))
    << "every run once";
  // Refusals.
  EXPECT_EQ(runs(organization, manager_token, "?limit=0").status, 400u);
  EXPECT_EQ(runs(organization, manager_token, "?limit=101").status, 400u);
  EXPECT_EQ(runs(organization, manager_token, "?before=x").status, 400u);
  EXPECT_EQ(runs("no-such-organization", manager_token).status, 404u);
  EXPECT_EQ(runs(organization, member_token).status, 403u);
  EXPECT_EQ(runs(organization, stranger_token).status, 404u);
}
