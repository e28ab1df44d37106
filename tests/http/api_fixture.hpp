// An upsyncd API served in-process on a free loopback port against a fresh migrated
// database, with two workspaces and a member of every role; with the API cache and its
// change listener as `upsyncd serve` wires them, so every API test runs through the cache.
#pragma once

#include "http/api_cache.hpp"
#include "http/change_listener.hpp"
#include "http/dispatcher.hpp"
#include "http/handlers/routes.hpp"
#include "http/server.hpp"
#include "storage/connection_pool.hpp"
#include "storage/project_store.hpp"
#include "storage/workspace_store.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/json_doc.hpp"
#include "tests/support/pg_cluster.hpp"

#include "metrics/registry.hpp"

#include <gtest/gtest.h>
#include <pqxx/pqxx>

namespace upsync::testing {

struct seeded_member {
  storage::member_record record;
  std::string token;
  std::string id() const { return std::to_string(record.id); }
};

class api_fixture : public ::testing::Test {
protected:
  api_fixture()
      : url(pg_cluster::shared().create_migrated_database()), pool(url, 4),
        server(
          make_options(), [this](http::request&& r) { return dispatch(std::move(r)); },
          [this](const http::request& r) { return dispatch.answer_from_cache(r); }) {
    http::add_health_routes(routes, [this] { return pool.ping(); });
    http::add_member_routes(routes);
    http::add_project_routes(routes);
    http::add_interval_routes(routes);
    seed();
    listener.start();
    if (!eventually([this] { return changes.listening(); }, std::chrono::seconds(30)))
      throw std::runtime_error("the change listener did not connect");
    server.start();
    client = std::make_unique<http_client>(server.port());
  }

  static http::server_options make_options() {
    http::server_options o;
    o.port = 0;
    o.worker_threads = 4;
    return o;
  }

  seeded_member add_member(storage::db_id workspace, const std::string& name, storage::role r) {
    pqxx::connection db{url};
    pqxx::work tx{db};
    auto m = storage::workspace_store::create_member(tx, workspace, name, name + "@example.com", r);
    auto token = storage::workspace_store::issue_token(tx, workspace, m.id);
    tx.commit();
    return {m, token};
  }

  void seed() {
    pqxx::connection db{url};
    pqxx::work tx{db};
    ws_a = storage::workspace_store::create_workspace(tx, "Agency A", "Europe/Berlin").id;
    ws_b = storage::workspace_store::create_workspace(tx, "Agency B", "UTC").id;
    tx.commit();
    admin = add_member(ws_a, "admin", storage::role::super_admin);
    manager = add_member(ws_a, "manager", storage::role::manager);
    member = add_member(ws_a, "member", storage::role::member);
    other_admin = add_member(ws_b, "other-admin", storage::role::super_admin);
    other_member = add_member(ws_b, "other-member", storage::role::member);
  }

  static http::change_listener_options listener_options() {
    http::change_listener_options o;
    o.retry_first = std::chrono::milliseconds(20);
    o.retry_last = std::chrono::milliseconds(500);
    return o;
  }

  /// How many requests to cached reads the cache answered so (hit, miss, off).
  double cache_count(const std::string& result) {
    return metric_registry.counters("upsync_api_cache_requests_total", "", {"result"}).with({result}).value();
  }

  /// Returns once the change listener has heard every notification committed so far
  /// (PostgreSQL delivers them in commit order): a marker for workspace -1, awaited.
  void await_notifications() {
    auto before = changes.now();
    sql("NOTIFY upsync_workspace_changed, '-1'");
    if (!eventually([&] { return !changes.unchanged_since(-1, before); }, std::chrono::seconds(30)))
      throw std::runtime_error("the change listener did not hear the marker");
  }

  /// Runs one statement in its own committed transaction (test set-up behind the API).
  void sql(const std::string& statement) {
    pqxx::connection db{url};
    pqxx::work tx{db};
    tx.exec0(statement);
    tx.commit();
  }
  /// The first column of the one row `query` returns, as text ("" for NULL).
  std::string sql_text(const std::string& query) {
    pqxx::connection db{url};
    pqxx::nontransaction tx{db};
    auto r = tx.exec1(query);
    return r[0].is_null() ? "" : r[0].as<std::string>();
  }

  std::string url;
  storage::connection_pool pool;
  http::router routes;
  upsync::metrics::registry metric_registry;
  http::change_clock changes;
  http::api_cache cache{changes, 64u << 20, &metric_registry};
  http::change_listener listener{url, changes, listener_options()};
  http::dispatcher dispatch{routes, pool, &metric_registry, &cache};
  http::server server;
  std::unique_ptr<http_client> client;
  storage::db_id ws_a = 0, ws_b = 0;
  seeded_member admin, manager, member, other_admin, other_member;
};

} // namespace upsync::testing
