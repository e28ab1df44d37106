// An upsyncd API served in-process on a free loopback port against a fresh migrated
// database, with two workspaces and a member of every role.
#pragma once

#include "http/dispatcher.hpp"
#include "http/handlers/routes.hpp"
#include "http/server.hpp"
#include "storage/connection_pool.hpp"
#include "storage/project_store.hpp"
#include "storage/workspace_store.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/json_doc.hpp"
#include "tests/support/pg_cluster.hpp"

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
      server(make_options(), [this](http::request&& r) { return dispatch(std::move(r)); }) {
    http::add_health_routes(routes, [this] { return pool.ping(); });
    http::add_member_routes(routes);
    http::add_project_routes(routes);
    http::add_interval_routes(routes);
    seed();
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
  http::dispatcher dispatch{routes, pool};
  http::server server;
  std::unique_ptr<http_client> client;
  storage::db_id ws_a = 0, ws_b = 0;
  seeded_member admin, manager, member, other_admin, other_member;
};

} // namespace upsync::testing
