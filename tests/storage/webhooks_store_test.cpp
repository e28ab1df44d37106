// The webhook outbox (issue 20): an event becomes one delivery per endpoint that asked for
// it, nothing when none did; a connection's status change emits its event once; the
// engine's flush emits import.completed, sync.failing and sync.recovered exactly at the
// transitions; claimed deliveries are held off other dispatchers.
#include "storage/webhook_events.hpp"
#include "storage/webhooks.hpp"
#include "tests/support/pg_cluster.hpp"

#include <gtest/gtest.h>
#include <pqxx/pqxx>

using namespace upsync::storage;
using upsync::testing::pg_cluster;

namespace {

struct webhooks_store_test : ::testing::Test {
  webhooks_store_test() : url(pg_cluster::shared().create_migrated_database()), db(url) {
    pqxx::work tx{db};
    ws = tx.exec1("INSERT INTO workspaces (name, timezone) VALUES ('Hooks', 'UTC') RETURNING id")[0].as<db_id>();
    member = tx.exec_params1("INSERT INTO members (workspace_id, name, email, role)"
                             " VALUES ($1, 'A', 'a@example.com', 'manager') RETURNING id",
                             ws)[0]
               .as<db_id>();
    connection =
      tx.exec_params1("INSERT INTO upwork_connections (workspace_id, created_by) VALUES ($1, $2) RETURNING id", ws,
                      member)[0]
        .as<db_id>();
    tx.commit();
  }

  db_id subscribe(pqxx::transaction_base& tx, const std::vector<std::string>& events) {
    auto key = *secret_key::from_hex(std::string(64, 'a'));
    return webhooks::create_endpoint(tx, ws, member, "https://hooks.example.com/x", events, key, "whsec_test").id;
  }

  std::vector<std::string> types(pqxx::transaction_base& tx) {
    std::vector<std::string> out;
    for (const auto& row : tx.exec("SELECT type FROM webhook_events ORDER BY id"))
      out.push_back(row[0].as<std::string>());
    return out;
  }

  std::string url;
  pqxx::connection db;
  db_id ws = 0, member = 0, connection = 0;
};

TEST_F(webhooks_store_test, an_event_nobody_asked_for_leaves_no_row) {
  pqxx::work tx{db};
  EXPECT_FALSE(webhooks::enqueue(tx, ws, "sync.failing", "{}", 1'780'000'000));
  auto a = subscribe(tx, {"sync.failing", "sync.recovered"});
  auto b = subscribe(tx, {"sync.failing"});
  subscribe(tx, {"import.completed"});
  auto id = webhooks::enqueue(tx, ws, "sync.failing", R"({"contract_id":"c1"})", 1'780'000'000);
  ASSERT_TRUE(id);
  EXPECT_EQ(id->rfind("evt_", 0), 0u);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM webhook_deliveries")[0].as<int>(), 2) << "one per endpoint that asked";
  EXPECT_EQ(webhooks::list_deliveries(tx, ws, a, 10).size(), 1u);
  EXPECT_EQ(webhooks::list_deliveries(tx, ws, b, 10).at(0).state, "pending");
  auto body = tx.exec1("SELECT body FROM webhook_events")[0].as<std::string>();
  EXPECT_EQ(body, R"({"id":")" + *id + R"(","type":"sync.failing","created_at":"2026-05-28T20:26:40Z","workspace_id":")"
                    + std::to_string(ws) + R"(","data":{"contract_id":"c1"}})");
  // A deleted endpoint gets nothing new, and its pending deliveries are not claimed.
  ASSERT_TRUE(webhooks::delete_endpoint(tx, ws, a));
  EXPECT_EQ(webhooks::claim_due(tx, 10, 60).size(), 1u) << "b's only";
  EXPECT_TRUE(webhooks::claim_due(tx, 10, 60).empty()) << "claimed: held for its lease";
}

TEST_F(webhooks_store_test, a_connections_status_change_emits_its_event_once) {
  pqxx::work tx{db};
  subscribe(tx, {"connection.needs_reauth", "connection.recovered", "connection.disconnected"});
  EXPECT_TRUE(webhooks::set_connection_status(tx, ws, connection, "needs_reauth", 1));
  EXPECT_TRUE(webhooks::set_connection_status(tx, ws, connection, "needs_reauth", 2)) << "again: no event";
  EXPECT_TRUE(webhooks::set_connection_status(tx, ws, connection, "active", 3));
  EXPECT_TRUE(webhooks::set_connection_status(tx, ws, connection, "active", 4));
  EXPECT_TRUE(webhooks::set_connection_status(tx, ws, connection, "disconnected", 5));
  EXPECT_FALSE(webhooks::set_connection_status(tx, ws, 999999, "disconnected", 6));
  EXPECT_EQ(types(tx),
            (std::vector<std::string>{"connection.needs_reauth", "connection.recovered", "connection.disconnected"}));
}

TEST_F(webhooks_store_test, the_engines_flush_emits_at_the_transitions_only) {
  pqxx::work tx{db};
  subscribe(tx, {"import.completed", "sync.failing", "sync.recovered"});
  sync_history::run import, cycle, failed_import;
  import.workspace_id = cycle.workspace_id = failed_import.workspace_id = ws;
  import.organization_id = cycle.organization_id = failed_import.organization_id = "org";
  import.kind = failed_import.kind = "import";
  cycle.kind = "cycle";
  import.result = cycle.result = "succeeded";
  failed_import.result = "partial";
  import.cells_written = 12;
  std::vector<sync_health::change> health = {{ws, "c1", 3, "upwork_error", "HTTP 503"},
                                             {ws, "c2", 4, "upwork_error", "HTTP 503"},
                                             {ws, "c3", 0, "", ""},
                                             {ws, "c4", 0, "", ""}};
  webhook_events::record(tx, {import, cycle, failed_import}, health, {{ws, "c3"}}, 1'780'000'000);
  EXPECT_EQ(types(tx), (std::vector<std::string>{"import.completed", "sync.failing", "sync.recovered"}));
  auto failing = tx.exec1("SELECT body FROM webhook_events WHERE type = 'sync.failing'")[0].as<std::string>();
  EXPECT_NE(failing.find(R"("contract_id":"c1")"), std::string::npos) << failing;
  auto done = tx.exec1("SELECT body FROM webhook_events WHERE type = 'import.completed'")[0].as<std::string>();
  EXPECT_NE(done.find(R"("cells_written":12)"), std::string::npos) << done;
}

} // namespace
