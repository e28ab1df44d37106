// What an operator sees, end to end: the real engine syncing from upwork-sim into a real
// PostgreSQL, the real HTTP server answering /metrics (read by a strict exposition-format
// parser) and /api/v1/admin/actors, and every log line captured. Over 400 lines on purpose:
// one fixture (engine, simulator, HTTP server, captured logs) serves every view an operator
// reads, and each test is a few lines over it.
#include "actors/engine.hpp"
#include "actors/actors.hpp"
#include "http/dispatcher.hpp"
#include "http/handlers/routes.hpp"
#include "http/server.hpp"
#include "metrics/registry.hpp"
#include "sim/simulator.hpp"
#include "storage/connection_pool.hpp"
#include "storage/engine_store.hpp"
#include "storage/secrets.hpp"
#include "storage/upwork_request_days.hpp"
#include "protocol/upwork/daily_budget.hpp"
#include "protocol/upwork/request_budget.hpp"
#include "storage/workspace_store.hpp"
#include "tests/actors/sync_seed.hpp"
#include "tests/metrics/exposition_parser.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/json_doc.hpp"
#include "tests/support/pg_cluster.hpp"

#include <gtest/gtest.h>
#include <mutex>
#include <set>
#include <pqxx/pqxx>
#include <sstream>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

using namespace upsync;
using upsync::testing::eventually;
using upsync::testing::exposition;
using upsync::testing::json_doc;
using upsync::testing::pg_cluster;
using upsync::testing::syncs;

namespace {

const std::string key_hex(64, 'd');
const std::string client_id = "upsync-observability-test";
const std::string client_secret = "observability-client-secret";

upsync::testing::world_size world() {
  upsync::testing::world_size size;
  size.seed = 7;
  return size;
}

/// Every log line of the test, whatever thread wrote it.
class captured_logs {
public:
  captured_logs() : previous_(spdlog::default_logger()) {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out_);
    auto logger = std::make_shared<spdlog::logger>("captured", sink);
    logger->set_level(spdlog::level::debug);
    spdlog::set_default_logger(logger);
  }
  ~captured_logs() { spdlog::set_default_logger(previous_); }
  std::string text() {
    spdlog::default_logger()->flush();
    return out_.str(); // ostream_sink_mt writes under its own lock; reads happen after the writers
  }

private:
  std::shared_ptr<spdlog::logger> previous_;
  std::ostringstream out_;
};

} // namespace

class observability_test : public ::testing::Test {
protected:
  observability_test() : sim(upsync::testing::frozen_world(world(), client_secret)) {
    sim.start();
    url = pg_cluster::shared().create_migrated_database();
    seeded = upsync::testing::seed_sync_workspace(url, sim, key_hex, client_id, {0u, 2u});
    pqxx::connection db{url};
    pqxx::work tx{db};
    auto admin = storage::workspace_store::create_member(tx, seeded.workspace_id, "Operator", "op@example.com",
                                                         storage::role::super_admin);
    admin_token = storage::workspace_store::issue_token(tx, seeded.workspace_id, admin.id);
    auto member = storage::workspace_store::create_member(tx, seeded.workspace_id, "Plain", "plain@example.com",
                                                          storage::role::member);
    member_token = storage::workspace_store::issue_token(tx, seeded.workspace_id, member.id);
    tx.commit();
  }

  ~observability_test() override {
    if (server)
      server->stop();
    engine.reset();
  }

  void start(std::chrono::milliseconds cycle_interval = std::chrono::milliseconds(200),
             const std::function<void(sync::engine_settings&)>& adjust = {}) {
    auto s = upsync::testing::simulator_engine_settings(sim, url, key_hex, client_id, client_secret);
    s.import_days = 10;
    s.cycle_interval = cycle_interval;
    if (adjust)
      adjust(s);
    s.metrics = registry;
    s.metrics_interval = std::chrono::milliseconds(50);
    engine = std::make_unique<sync::engine>(std::move(s));

    http::add_member_routes(routes);
    http::add_interval_routes(routes);
    http::add_metrics_route(routes, registry);
    http::add_admin_routes(routes, [this] { return engine->overview(); });
    pool = std::make_unique<storage::connection_pool>(url, 2);
    dispatch = std::make_unique<http::dispatcher>(routes, *pool, registry.get());
    http::server_options o;
    o.port = 0;
    o.worker_threads = 2;
    server = std::make_unique<http::server>(o, [this](http::request&& r) { return (*dispatch)(std::move(r)); });
    server->start();
    client = std::make_unique<upsync::testing::http_client>(server->port());
    engine->start();
  }

  exposition scrape() {
    auto reply = client->get("/metrics");
    EXPECT_EQ(reply.status, 200u);
    EXPECT_EQ(reply.headers["content-type"], "text/plain; version=0.0.4; charset=utf-8");
    last_scrape = reply.body;
    return exposition{reply.body}; // throws (fails the test) on any malformed line
  }

  long long scalar(const std::string& sql) { return upsync::testing::scalar(url, sql); }

  std::size_t syncing_contracts() const {
    std::size_t n = 0;
    for (const auto& [org, c] : seeded.contracts)
      n += syncs(c) ? 1 : 0;
    return n;
  }

  bool imports_done() { return upsync::testing::imports_done(url, seeded); }

  std::string first_organization() { return sim.state().w.data().org(0).id; }

  /// The grant's tokens as stored now (decrypted).
  std::vector<std::string> stored_tokens() {
    auto key = *storage::secret_key::from_hex(key_hex);
    pqxx::connection db{url};
    pqxx::work tx{db};
    std::vector<std::string> out;
    for (const auto& c : storage::engine_store::active_connections(tx)) {
      auto aad = storage::connection_aad(c.id);
      out.push_back(*storage::decrypt(key, c.access_token_enc, aad));
      out.push_back(*storage::decrypt(key, c.refresh_token_enc, aad));
    }
    return out;
  }

  captured_logs logs; // first: it sees everything the others log
  sim::simulator sim;
  std::string url;
  upsync::testing::sync_seed seeded;
  std::string admin_token, member_token;
  std::shared_ptr<metrics::registry> registry = std::make_shared<metrics::registry>();
  std::unique_ptr<sync::engine> engine;
  std::unique_ptr<storage::connection_pool> pool;
  http::router routes;
  std::unique_ptr<http::dispatcher> dispatch;
  std::unique_ptr<http::server> server;
  std::unique_ptr<upsync::testing::http_client> client;
  std::string last_scrape;
};

// -- the acceptance checks -------------------------------------------------------------------

TEST_F(observability_test, metrics_parse_strictly_and_count_what_a_sync_does) {
  start();
  ASSERT_TRUE(eventually([&] { return imports_done(); }));
  auto cells = scalar("SELECT count(*) FROM upwork_cells");
  ASSERT_GT(scalar("SELECT count(*) FROM time_intervals"), 0);
  // Cycles go on (every 200 ms, re-reading the last two weeks): compare with the database
  // as it is at the scrape.
  long long intervals = 0;
  // The writer counts after COMMIT, the actors report on their tick: wait for both.
  eventually(
    [&] {
      auto m = scrape();
      intervals = scalar("SELECT count(*) FROM time_intervals");
      return m.sum("upsync_intervals_written_total") == intervals
             && m.sum("upsync_actors_alive", {{"kind", "contract"}}) == syncing_contracts()
             && m.sum("upsync_import_contracts", {{"state", "done"}}) == syncing_contracts();
    },
    std::chrono::seconds(20));
  auto m = scrape();
  ASSERT_LE(m.sum("upsync_intervals_written_total"), scalar("SELECT count(*) FROM time_intervals"));
  ASSERT_GE(m.sum("upsync_intervals_written_total"), intervals);
  ASSERT_EQ(m.sum("upsync_actors_alive", {{"kind", "contract"}}), syncing_contracts());
  ASSERT_EQ(m.sum("upsync_import_contracts", {{"state", "done"}}), syncing_contracts()) << last_scrape;
  // Upwork requests by operation and status; every cell fetched came from a 200.
  EXPECT_GT(m.sum("upsync_upwork_requests_total", {{"operation", "contractTimeReport"}, {"status", "200"}}), 0);
  EXPECT_GT(m.sum("upsync_upwork_requests_total", {{"operation", "workDiaryContract"}, {"status", "200"}}), 0);
  EXPECT_GT(m.sum("upsync_upwork_request_duration_seconds_count", {{"operation", "workDiaryContract"}}), 0);
  // Every cell in the ledger was fetched and written at least once (re-reads add more).
  EXPECT_GE(m.sum("upsync_cells_fetched_total"), cells);
  EXPECT_GE(m.sum("upsync_cells_written_total"), cells);
  EXPECT_GT(m.sum("upsync_writer_batch_cells_count"), 0);
  EXPECT_GT(m.sum("upsync_writer_commit_duration_seconds_count"), 0);
  EXPECT_TRUE(m.any("upsync_writer_queue_batches"));
  EXPECT_GT(m.sum("upsync_sync_cycles_total", {{"result", "ok"}}), 0);
  EXPECT_TRUE(m.any("upsync_upwork_budget_tokens_available"));
  EXPECT_TRUE(m.has("upsync_upwork_rate_limit_waits_total"));
  EXPECT_TRUE(m.has("upsync_postgres_errors_total"));
  // Actors by kind: both organizations, every syncing contract, the pools.
  EXPECT_EQ(m.sum("upsync_actors_alive", {{"kind", "organization"}}), 2);
  EXPECT_GE(m.sum("upsync_actors_alive", {{"kind", "fetcher"}}), 1);
  EXPECT_GE(m.sum("upsync_actors_alive", {{"kind", "writer"}}), 1);
  EXPECT_GT(m.sum("upsync_actor_messages_handled_total", {{"kind", "contract"}}), 0);
  EXPECT_TRUE(m.any("upsync_actor_mailbox_max_messages", {{"kind", "contract"}}));
  EXPECT_TRUE(m.any("upsync_actor_mailbox_messages", {{"kind", "writer"}}));
  // Import progress: every syncing contract done, every planned day done.
  EXPECT_EQ(m.sum("upsync_import_contracts", {{"state", "running"}}), 0);
  EXPECT_EQ(m.sum("upsync_import_days", {{"state", "done"}}), m.sum("upsync_import_days", {{"state", "planned"}}));
  // Lag by organization, one series each.
  EXPECT_TRUE(m.any("upsync_sync_lag_seconds", {{"organization", first_organization()}}));
  EXPECT_EQ(m.families().at("upsync_sync_lag_seconds").samples.size(), 2u);
}

TEST_F(observability_test, http_requests_are_counted_by_route_pattern_never_by_raw_path) {
  start();
  EXPECT_EQ(client->del("/api/v1/time-intervals/987654321", admin_token).status, 404u);
  EXPECT_EQ(client->get("/api/v1/members", admin_token).status, 200u);
  EXPECT_EQ(client->get("/no/such/path/55555").status, 404u);
  auto m = scrape();
  EXPECT_EQ(m.sum("upsync_http_requests_total",
                  {{"route", "/api/v1/time-intervals/{id}"}, {"method", "DELETE"}, {"status", "404"}}),
            1);
  EXPECT_EQ(m.sum("upsync_http_requests_total", {{"route", "/api/v1/members"}, {"status", "200"}}), 1);
  EXPECT_EQ(m.sum("upsync_http_requests_total", {{"route", "unmatched"}, {"status", "404"}}), 1);
  EXPECT_EQ(m.sum("upsync_http_request_duration_seconds_count", {{"route", "/api/v1/members"}}), 1);
  EXPECT_EQ(last_scrape.find("987654321"), std::string::npos);
  EXPECT_EQ(last_scrape.find("55555"), std::string::npos);
  // The request log: one line each with request id, route pattern, status and duration.
  auto text = logs.text();
  EXPECT_NE(text.find("http_request request_id="), std::string::npos);
  EXPECT_NE(text.find("route=/api/v1/time-intervals/{id} status=404 duration_ms="), std::string::npos) << text;
}

TEST_F(observability_test, sync_lag_grows_while_idle_and_falls_after_a_cycle) {
  start(std::chrono::minutes(10)); // one cycle at start, then only when told
  auto org = first_organization();
  auto lag = [&] { return scrape().sum("upsync_sync_lag_seconds", {{"organization", org}}); };
  ASSERT_TRUE(eventually([&] { return imports_done(); }));
  // Both first cycles done, and reported: the lag counts from them (not from the start).
  ASSERT_TRUE(eventually([&] { return scrape().sum("upsync_sync_cycles_total", {{"result", "ok"}}) >= 2; }));
  ASSERT_TRUE(eventually([&] {
    auto answer = client->get("/api/v1/admin/actors", admin_token).body;
    return answer.find("\"last_success_at\":null") == std::string::npos && answer.find(org) != std::string::npos;
  }));
  ASSERT_TRUE(eventually([&] { return lag() >= 1.5; })) << last_scrape;
  auto cycles = scrape().sum("upsync_sync_cycles_total", {{"result", "ok"}});
  engine->organization_changed(seeded.workspace_id, org); // runs a cycle now
  ASSERT_TRUE(eventually([&] { return lag() < 1.0; })) << last_scrape;
  EXPECT_GT(scrape().sum("upsync_sync_cycles_total", {{"result", "ok"}}), cycles);
}

TEST_F(observability_test, a_killed_organization_actor_shows_as_a_failure_and_a_restart) {
  start();
  ASSERT_TRUE(eventually([&] { return scrape().sum("upsync_actors_alive", {{"kind", "organization"}}) == 2; }));
  EXPECT_EQ(scrape().sum("upsync_actor_restarts_total", {{"kind", "organization"}}), 0);
  ASSERT_TRUE(engine->restart_organization(seeded.workspace_id, first_organization()));
  ASSERT_TRUE(eventually([&] {
    auto m = scrape();
    return m.sum("upsync_actor_restarts_total", {{"kind", "organization"}}) == 1
           && m.sum("upsync_actor_failures_total", {{"kind", "organization"}}) == 1
           && m.sum("upsync_actors_alive", {{"kind", "organization"}}) == 2; // restarted after its backoff
  }))
    << last_scrape;
  auto answer = client->get("/api/v1/admin/actors", admin_token);
  ASSERT_EQ(answer.status, 200u) << answer.body;
  json_doc doc{answer.body};
  bool seen = false;
  for (auto kind : doc.at("/kinds").get_array())
    if (std::string_view{kind["kind"]} == "organization") {
      seen = true;
      EXPECT_EQ(std::int64_t{kind["restarts"]}, 1);
      EXPECT_EQ(std::int64_t{kind["failures"]}, 1);
      EXPECT_EQ(std::int64_t{kind["alive"]}, 2);
    }
  EXPECT_TRUE(seen) << answer.body;
  EXPECT_FALSE(engine->restart_organization(seeded.workspace_id, "no-such-organization"));
}

TEST_F(observability_test, todays_upwork_requests_show_in_admin_actors_and_in_the_metrics) {
  // A daily budget counted in this test's PostgreSQL (issue 19); 200 ms cycles of two
  // organizations would ask 864,000 a day, so the pacer stretches them.
  start(std::chrono::milliseconds(200), [&](sync::engine_settings& s) {
    s.daily_budget = std::make_shared<upwork::daily_budget>(
      upwork::daily_budget::options{100000, 10}, std::make_shared<storage::upwork_request_days::pg_request_ledger>(url),
      s.clock);
    s.budget->set_daily(s.daily_budget);
  });
  ASSERT_TRUE(eventually([&] { return imports_done(); }));
  auto answer = client->get("/api/v1/admin/actors", admin_token);
  ASSERT_EQ(answer.status, 200u) << answer.body;
  json_doc doc{answer.body};
  EXPECT_EQ(doc.integer("/upwork_requests/daily_budget"), 100000) << answer.body;
  auto today = doc.integer("/upwork_requests/today");
  EXPECT_GT(today, 0);
  EXPECT_EQ(doc.integer("/upwork_requests/remaining_today"), 100000 - today);
  EXPECT_GT(doc.number("/upwork_requests/rate_per_second"), 0);
  EXPECT_GT(doc.number("/upwork_requests/effective_cycle_seconds"),
            doc.number("/upwork_requests/configured_cycle_seconds"))
    << "stretched: the budget cannot pay for every 200 ms cycle";
  EXPECT_EQ(doc.integer("/upwork_requests/organizations_sharing"), 2);
  // The same figures as metrics, and every request counted in PostgreSQL before it went out.
  auto m = scrape();
  EXPECT_EQ(m.sum("upsync_upwork_daily_budget_requests"), 100000);
  EXPECT_GE(m.sum("upsync_upwork_requests_today"), static_cast<double>(today));
  EXPECT_GT(m.sum("upsync_sync_cycle_interval_seconds"), 0.2);
  EXPECT_GE(scalar("SELECT COALESCE(sum(reserved), 0) FROM upwork_request_days"),
            static_cast<long long>(m.sum("upsync_upwork_requests_total")));
}

TEST_F(observability_test, each_connections_requests_today_are_counted_in_postgresql_and_shown) {
  // An hour's cycle: once the import is done the engine sends nothing more, and every
  // request the simulator answered must be found counted for the one connection.
  http::add_upwork_status_routes(routes);
  const auto before = sim.state().stats.total();
  start(std::chrono::hours(1));
  ASSERT_TRUE(eventually([&] { return imports_done(); }));
  auto sent = [&] { return static_cast<long long>(sim.state().stats.total() - before); };
  auto counted = [&] {
    return scalar("SELECT COALESCE(sum(requests), 0) FROM upwork_connection_request_days WHERE connection_id = "
                  + std::to_string(seeded.connection_id) + " AND day = (now() AT TIME ZONE 'UTC')::date");
  };
  ASSERT_TRUE(eventually([&] { return sent() > 0 && counted() == sent(); }))
    << "counted " << counted() << ", the simulator answered " << sent();
  EXPECT_EQ(scalar("SELECT count(*) FROM upwork_connection_request_days"), 1) << "one connection, one day";
  const auto n = counted();
  // The same number in the admin view, the status dashboard's organization headers and
  // this node's metrics.
  auto admin = client->get("/api/v1/admin/actors", admin_token);
  ASSERT_EQ(admin.status, 200u) << admin.body;
  json_doc doc{admin.body};
  EXPECT_EQ(doc.str("/upwork_requests/connections/0/connection_id"), std::to_string(seeded.connection_id));
  EXPECT_EQ(doc.integer("/upwork_requests/connections/0/requests_today"), n) << admin.body;
  auto status = client->get("/api/v1/upwork/status", admin_token);
  ASSERT_EQ(status.status, 200u) << status.body;
  json_doc dashboard{status.body};
  auto organizations = dashboard.at("/organizations").get_array();
  std::size_t headers = 0;
  for (auto o : organizations) {
    ++headers;
    EXPECT_EQ(std::string_view{o["connection_id"]}, std::to_string(seeded.connection_id));
    EXPECT_EQ(std::int64_t{o["connection_requests_today"]}, n) << status.body;
  }
  EXPECT_EQ(headers, 2u);
  EXPECT_EQ(
    scrape().sum("upsync_upwork_connection_requests_today", {{"connection", std::to_string(seeded.connection_id)}}),
    static_cast<double>(n));
}

TEST_F(observability_test, admin_actors_is_for_super_admins_and_names_busiest_and_lagging_actors) {
  start();
  ASSERT_TRUE(eventually([&] { return imports_done(); }));
  ASSERT_TRUE(eventually([&] { return scrape().sum("upsync_actors_alive", {{"kind", "contract"}}) > 0; }));
  EXPECT_EQ(client->get("/api/v1/admin/actors").status, 401u);
  EXPECT_EQ(client->get("/api/v1/admin/actors", member_token).status, 403u);
  EXPECT_EQ(client->get("/api/v1/admin/actors?limit=0", admin_token).status, 400u);
  // Each actor reports on its own metrics tick: the snapshot names them all once every one
  // has reported (on a loaded machine that is after the gauge above counts the first).
  std::string body;
  std::set<std::string> kinds, contracts, organizations;
  ASSERT_TRUE(eventually([&] {
    auto answer = client->get("/api/v1/admin/actors?limit=100", admin_token);
    if (answer.status != 200u)
      return false;
    body = answer.body;
    json_doc doc{answer.body};
    kinds.clear(), contracts.clear(), organizations.clear();
    for (auto k : doc.at("/kinds").get_array())
      kinds.insert(std::string{std::string_view{k["kind"]}});
    for (auto a : doc.at("/busiest").get_array())
      if (!a["contract_id"].is_null())
        contracts.insert(std::string{std::string_view{a["contract_id"]}});
    for (auto o : doc.at("/lagging").get_array())
      organizations.insert(std::string{std::string_view{o["organization_id"]}});
    return contracts.size() == syncing_contracts() && organizations.size() == 2u;
  }))
    << body;
  json_doc doc{body};
  EXPECT_FALSE(doc.is_null("/taken_at"));
  for (auto a : doc.at("/busiest").get_array())
    if (!a["contract_id"].is_null()) {
      EXPECT_FALSE(a["organization_id"].is_null());
      EXPECT_FALSE(a["state"].is_null());
    }
  for (auto o : doc.at("/lagging").get_array())
    EXPECT_GE(double{o["lag_seconds"]}, 0.0);
  for (const char* kind : {"organization", "contract", "fetcher", "writer", "store", "sync-supervisor", "connection"})
    EXPECT_TRUE(kinds.count(kind)) << kind << " in " << body;
  EXPECT_EQ(json_doc{client->get("/api/v1/admin/actors?limit=1", admin_token).body}.size("/busiest"), 1u);
}

TEST_F(observability_test, no_token_or_secret_appears_in_metrics_or_logs) {
  auto initial = stored_tokens();
  // An expired access token: the engine refreshes it first, so rotated tokens pass too.
  {
    pqxx::connection db{url};
    pqxx::work tx{db};
    tx.exec0("UPDATE upwork_connections SET access_expires_at = now() - interval '1 hour'");
    tx.commit();
  }
  start();
  ASSERT_TRUE(eventually([&] { return imports_done(); }));
  ASSERT_TRUE(eventually([&] {
    return scrape().sum("upsync_token_refreshes_total", {{"result", "ok"}}) >= 1;
  }))
    << last_scrape;
  // API calls with good and bad bearer tokens are logged too.
  EXPECT_EQ(client->get("/api/v1/members", admin_token).status, 200u);
  const std::string forged = "forged-bearer-token-4b1d2c3e5f60718293a4";
  EXPECT_EQ(client->get("/api/v1/members", forged).status, 401u);
  EXPECT_EQ(client->get("/api/v1/admin/actors", admin_token).status, 200u);
  auto metrics_text = client->get("/metrics").body;
  auto rotated = stored_tokens();
  EXPECT_NE(rotated, initial) << "the refresh should have rotated the stored tokens";
  engine.reset(); // every actor's last line written
  auto log_text = logs.text();
  ASSERT_NE(log_text.find("http_request"), std::string::npos);
  std::vector<std::string> secrets = {admin_token, member_token, forged, client_secret, key_hex};
  secrets.insert(secrets.end(), initial.begin(), initial.end());
  secrets.insert(secrets.end(), rotated.begin(), rotated.end());
  for (const auto& secret : secrets) {
    ASSERT_GE(secret.size(), 16u);
    EXPECT_EQ(metrics_text.find(secret), std::string::npos) << "a secret in /metrics";
    EXPECT_EQ(log_text.find(secret), std::string::npos) << "a secret in the logs: " << secret.substr(0, 6) << "...";
  }
}
