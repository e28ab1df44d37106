// Webhooks end to end (issue 20): endpoints registered over the API, events written to the
// outbox in the transaction of what they report, the DISPATCHER delivering them to a real
// receiving HTTP server on loopback — once per occurrence, signed so that a forged or
// replayed delivery is detected, retried while the receiver is down, sent after a restart
// when the process died between the event and its delivery — and URLs into private or
// loopback ranges refused unless the operator allows them.
#include "http/dispatcher.hpp"
#include "http/handlers/routes.hpp"
#include "http/server.hpp"
#include "http/upwork_gateway.hpp"
#include "storage/connection_pool.hpp"
#include "storage/webhooks.hpp"
#include "storage/workspace_store.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/json_doc.hpp"
#include "tests/support/pg_cluster.hpp"
#include "webhooks/dispatcher.hpp"
#include "webhooks/signature.hpp"

#include <atomic>
#include <gtest/gtest.h>
#include <mutex>
#include <pqxx/pqxx>

using namespace upsync;
using upsync::testing::eventually;
using upsync::testing::http_reply;
using upsync::testing::json_doc;
using upsync::testing::pg_cluster;

namespace {

const std::string key_hex(64, 'f');

/// A receiver on loopback: records every delivery, answers `status`.
class receiver {
public:
  receiver() {
    http::server_options o;
    o.port = 0;
    o.worker_threads = 1;
    server_ = std::make_unique<http::server>(o, [this](http::request&& r) {
      std::lock_guard lock{mutex_};
      received_.push_back(std::move(r));
      http::response res{static_cast<boost::beast::http::status>(status.load()), 11};
      res.body() = "ok";
      res.prepare_payload();
      return res;
    });
    server_->start();
  }
  ~receiver() { server_->stop(); }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(server_->port()) + "/hooks/upsync"; }
  std::vector<http::request> received() {
    std::lock_guard lock{mutex_};
    return received_;
  }
  std::atomic<int> status{200};

private:
  std::unique_ptr<http::server> server_;
  std::mutex mutex_;
  std::vector<http::request> received_;
};

std::string header(const http::request& r, const char* name) { return std::string{r[name]}; }

} // namespace

class webhooks_test : public ::testing::Test {
protected:
  webhooks_test() : url(pg_cluster::shared().create_migrated_database()), pool(url, 2) {
    pqxx::connection db{url};
    pqxx::work tx{db};
    namespace ws = storage::workspace_store;
    workspace = ws::create_workspace(tx, "Hooks", "UTC").id;
    auto manager = ws::create_member(tx, workspace, "Manager", "m@example.com", storage::role::manager);
    manager_token = ws::issue_token(tx, workspace, manager.id);
    auto member = ws::create_member(tx, workspace, "Member", "p@example.com", storage::role::member);
    member_token = ws::issue_token(tx, workspace, member.id);
    auto other = ws::create_workspace(tx, "Elsewhere", "UTC").id;
    auto stranger = ws::create_member(tx, other, "Stranger", "s@example.com", storage::role::super_admin);
    stranger_token = ws::issue_token(tx, other, stranger.id);
    connection =
      tx.exec_params1("INSERT INTO upwork_connections (workspace_id, created_by) VALUES ($1, $2) RETURNING id",
                      workspace, manager.id)[0]
        .as<storage::db_id>();
    tx.commit();
  }

  ~webhooks_test() override {
    if (dispatcher)
      dispatcher->stop();
    if (server)
      server->stop();
  }

  /// The API with webhooks whose destinations are `allowed`.
  void serve(domain::webhook_destinations allowed) {
    http::upwork_settings upwork;
    upwork.secret_key_hex = key_hex;
    http::add_upwork_connection_routes(routes, std::make_shared<const http::upwork_gateway>(upwork));
    http::add_webhook_routes(routes, http::webhook_settings{key_hex, allowed});
    dispatch = std::make_unique<http::dispatcher>(routes, pool);
    http::server_options o;
    o.port = 0;
    o.worker_threads = 2;
    server = std::make_unique<http::server>(o, [this](http::request&& r) { return (*dispatch)(std::move(r)); });
    server->start();
    client = std::make_unique<upsync::testing::http_client>(server->port());
  }

  std::unique_ptr<webhooks::dispatcher> make_dispatcher(domain::webhook_destinations allowed) {
    webhooks::dispatcher_options o;
    o.database_url = url;
    o.secret_key_hex = key_hex;
    o.destinations = std::move(allowed);
    o.poll = std::chrono::milliseconds(50);
    o.retry_base = std::chrono::seconds(1);
    o.timeout = std::chrono::milliseconds(2000);
    return std::make_unique<webhooks::dispatcher>(o);
  }

  static domain::webhook_destinations open() {
    domain::webhook_destinations d;
    d.allow_private = true;
    return d;
  }

  /// Registers `target` for `events`; returns (id, secret).
  std::pair<std::string, std::string> subscribe(const std::string& target, const std::string& events) {
    auto r = client->post("/api/v1/webhooks", R"({"url":")" + target + R"(","events":)" + events + "}", manager_token);
    EXPECT_EQ(r.status, 201u) << r.body;
    if (r.status != 201u)
      return {};
    json_doc doc{r.body};
    return {doc.str("/id"), doc.str("/secret")};
  }

  http_reply disconnect() {
    return client->del("/api/v1/upwork/connections/" + std::to_string(connection), manager_token);
  }

  json_doc deliveries(const std::string& id) {
    auto r = client->get("/api/v1/webhooks/" + id + "/deliveries", manager_token);
    EXPECT_EQ(r.status, 200u) << r.body;
    return json_doc{r.body};
  }

  std::int64_t now() const {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
  }

  std::string url;
  storage::connection_pool pool;
  storage::db_id workspace = 0, connection = 0;
  std::string manager_token, member_token, stranger_token;
  http::router routes;
  std::unique_ptr<http::dispatcher> dispatch;
  std::unique_ptr<http::server> server;
  std::unique_ptr<upsync::testing::http_client> client;
  std::unique_ptr<webhooks::dispatcher> dispatcher;
  receiver hook;
};

TEST_F(webhooks_test, an_event_arrives_once_signed_with_the_endpoints_secret) {
  serve(open());
  const auto endpoint = subscribe(hook.url(), R"(["connection.disconnected","connection.recovered"])");
  const std::string id = endpoint.first, secret = endpoint.second;
  ASSERT_EQ(secret.rfind("whsec_", 0), 0u);
  auto listed = client->get("/api/v1/webhooks", manager_token);
  EXPECT_EQ(listed.body.find(secret), std::string::npos) << "the secret is shown once, never again";
  dispatcher = make_dispatcher(open());
  dispatcher->start();
  ASSERT_EQ(disconnect().status, 200u);
  ASSERT_TRUE(eventually([&] { return hook.received().size() == 1u; }));
  auto got = hook.received().front();
  EXPECT_EQ(got.method_string(), "POST");
  EXPECT_EQ(got.target(), "/hooks/upsync");
  EXPECT_EQ(header(got, "Content-Type"), "application/json");
  EXPECT_EQ(header(got, "X-Upsync-Event"), "connection.disconnected");
  EXPECT_TRUE(webhooks::verify(secret, header(got, "X-Upsync-Signature"), got.body(), now()))
    << header(got, "X-Upsync-Signature");
  json_doc body{got.body()};
  EXPECT_EQ(body.str("/type"), "connection.disconnected");
  EXPECT_EQ(body.str("/id"), header(got, "X-Upsync-Event-Id"));
  EXPECT_EQ(body.str("/id").rfind("evt_", 0), 0u);
  EXPECT_EQ(body.str("/workspace_id"), std::to_string(workspace));
  EXPECT_EQ(body.str("/data/connection_id"), std::to_string(connection));
  EXPECT_FALSE(body.str("/created_at").empty());
  // Listed as delivered with the receiver's status; disconnecting again is no new event.
  ASSERT_TRUE(eventually([&] { return deliveries(id).str("/items/0/state") == "delivered"; }));
  EXPECT_EQ(deliveries(id).integer("/items/0/last_status"), 200);
  EXPECT_EQ(disconnect().status, 200u);
  dispatcher->stop();
  EXPECT_EQ(dispatcher->deliver_due(), 0u);
  EXPECT_EQ(hook.received().size(), 1u) << "once per occurrence";
}

TEST_F(webhooks_test, a_forged_or_replayed_signature_is_detected) {
  const std::string secret = webhooks::new_secret(), body = R"({"id":"evt_1","type":"sync.failing"})";
  auto t = now();
  auto signature = webhooks::sign(secret, t, body);
  EXPECT_TRUE(webhooks::verify(secret, signature, body, t));
  EXPECT_FALSE(webhooks::verify(secret, signature, body + " ", t)) << "a changed body";
  EXPECT_FALSE(webhooks::verify(webhooks::new_secret(), signature, body, t)) << "another secret";
  EXPECT_FALSE(webhooks::verify(secret, signature, body, t + 301)) << "replayed more than 5 minutes later";
  auto forged = "t=" + std::to_string(t + 600) + signature.substr(signature.find(','));
  EXPECT_FALSE(webhooks::verify(secret, forged, body, t + 600)) << "a new timestamp on an old signature";
  for (const char* bad : {"", "v1=abc", "t=,v1=", "t=12x,v1=00", "t=1"})
    EXPECT_FALSE(webhooks::verify(secret, bad, body, t)) << bad;
}

TEST_F(webhooks_test, a_receiver_that_is_down_gets_the_event_when_it_returns) {
  serve(open());
  const auto endpoint = subscribe(hook.url(), R"(["connection.disconnected"])");
  const std::string id = endpoint.first, secret = endpoint.second;
  hook.status = 503;
  dispatcher = make_dispatcher(open());
  dispatcher->start();
  ASSERT_EQ(disconnect().status, 200u);
  ASSERT_TRUE(eventually([&] { return hook.received().size() >= 1u; }));
  ASSERT_TRUE(eventually([&] {
    auto d = deliveries(id);
    return d.str("/items/0/state") == "pending" && d.integer("/items/0/last_status") == 503;
  }));
  EXPECT_FALSE(deliveries(id).is_null("/items/0/next_attempt_at"));
  hook.status = 200;
  ASSERT_TRUE(
    eventually([&] { return deliveries(id).str("/items/0/state") == "delivered"; }, std::chrono::seconds(30)));
  auto all = hook.received();
  ASSERT_GE(all.size(), 2u);
  EXPECT_EQ(header(all.front(), "X-Upsync-Event-Id"), header(all.back(), "X-Upsync-Event-Id"))
    << "the same event id on every attempt: the receiver drops duplicates by it";
  EXPECT_GE(deliveries(id).integer("/items/0/attempts"), 2);
}

TEST_F(webhooks_test, an_event_committed_before_a_crash_is_delivered_after_the_restart) {
  serve(open());
  subscribe(hook.url(), R"(["connection.disconnected"])");
  // No dispatcher runs: the process "died" right after the event's transaction committed.
  ASSERT_EQ(disconnect().status, 200u);
  EXPECT_TRUE(hook.received().empty());
  dispatcher = make_dispatcher(open()); // the restarted node
  dispatcher->start();
  EXPECT_TRUE(eventually([&] { return hook.received().size() == 1u; }));
}

TEST_F(webhooks_test, urls_into_private_or_loopback_ranges_are_refused_unless_allowed) {
  serve({}); // the default: public addresses only
  auto refused = [&](const std::string& target) {
    auto r =
      client->post("/api/v1/webhooks", R"({"url":")" + target + R"(","events":["sync.failing"]})", manager_token);
    EXPECT_EQ(r.status, 400u) << target << " -> " << r.body;
    return r.status == 400u && json_doc{r.body}.str("/error/field") == "url";
  };
  for (const char* target : {"http://127.0.0.1:9/x", "http://localhost/x", "http://10.1.2.3/", "http://192.168.0.1/",
                             "http://169.254.169.254/latest/meta-data", "http://[::1]/", "http://[::ffff:127.0.0.1]/",
                             "http://0.0.0.0/", "ftp://example.com/", "https://user:pw@example.com/", "not a url"})
    EXPECT_TRUE(refused(target)) << target;
  auto bad_event =
    client->post("/api/v1/webhooks", R"({"url":"https://example.com/","events":["everything"]})", manager_token);
  EXPECT_EQ(bad_event.status, 400u);
  EXPECT_EQ(client->post("/api/v1/webhooks", R"({"url":"https://example.com/","events":[]})", manager_token).status,
            400u);
  EXPECT_EQ(
    client->post("/api/v1/webhooks", R"({"url":"https://example.com/","events":["sync.failing"]})", member_token)
      .status,
    403u);
  EXPECT_EQ(client->get("/api/v1/webhooks", manager_token).body, R"({"items":[]})") << "nothing was created";
}

TEST_F(webhooks_test, an_allowed_host_may_be_private_but_a_dispatcher_that_does_not_allow_it_refuses) {
  domain::webhook_destinations listed;
  listed.allowed_hosts = {"127.0.0.1"};
  serve(listed);
  const auto endpoint = subscribe(hook.url(), R"(["connection.disconnected"])");
  const std::string id = endpoint.first, secret = endpoint.second;
  // Another node, configured without the allowance: the rule is checked again at delivery.
  dispatcher = make_dispatcher({});
  dispatcher->start();
  ASSERT_EQ(disconnect().status, 200u);
  ASSERT_TRUE(eventually([&] { return deliveries(id).str("/items/0/state") == "failed"; }));
  EXPECT_NE(deliveries(id).str("/items/0/last_error").find("refused"), std::string::npos);
  EXPECT_TRUE(hook.received().empty());
}

TEST_F(webhooks_test, endpoints_are_a_managers_of_their_own_workspace) {
  serve(open());
  const auto endpoint = subscribe(hook.url(), R"(["sync.recovered"])");
  const std::string id = endpoint.first, secret = endpoint.second;
  EXPECT_EQ(client->get("/api/v1/webhooks", member_token).status, 403u);
  EXPECT_EQ(client->get("/api/v1/webhooks").status, 401u);
  EXPECT_EQ(client->get("/api/v1/webhooks/" + id + "/deliveries", stranger_token).status, 404u);
  EXPECT_EQ(client->del("/api/v1/webhooks/" + id, stranger_token).status, 404u);
  EXPECT_EQ(client->get("/api/v1/webhooks", stranger_token).body, R"({"items":[]})");
  EXPECT_EQ(client->del("/api/v1/webhooks/" + id, manager_token).status, 200u);
  EXPECT_EQ(client->del("/api/v1/webhooks/" + id, manager_token).status, 404u);
  EXPECT_EQ(client->get("/api/v1/webhooks", manager_token).body, R"({"items":[]})");
}
