// A contract's sync health on the status page and in its diagnosis (issue 16): last_error,
// last_success_at, failures_in_a_row, import state failed and the reason sync_failing, over
// HTTP, on rows seeded straight into PostgreSQL and failures recorded as the engine does.
#include "storage/sync_health.hpp"
#include "storage/upwork_connections_store.hpp"
#include "storage/upwork_mapping_store.hpp"
#include "storage/upwork_organizations_store.hpp"
#include "tests/http/api_fixture.hpp"

using namespace upsync;
using namespace upsync::testing;
namespace store = storage::upwork_store;
namespace health = storage::sync_health;

class upwork_sync_health : public api_fixture {
protected:
  upwork_sync_health() {
    http::add_upwork_status_routes(routes);
    pqxx::connection db{url};
    pqxx::work tx{db};
    auto connection = store::create_connection(tx, ws_a, manager.record.id, std::nullopt);
    auto project = storage::project_store::create(tx, ws_a, "Website", std::nullopt, true).id;
    store::upsert_organization(tx, ws_a,
                               {"agency-1", connection, std::nullopt, "Nomadic Soft", "agency", std::nullopt, 0, 0});
    store::upsert_user(tx, ws_a, {"agency-1", "u1", "Ann Lee", std::nullopt});
    store::user_mapping mapped;
    mapped.member_id = member.record.id;
    mapped.sync = true;
    store::update_user_mapping(tx, ws_a, "agency-1", "u1", mapped);
    for (const char* id : {"c1", "c2"}) {
      store::upsert_contract(
        tx, ws_a,
        {id, "agency-1", "u1", std::string{"Contract "} + id, std::nullopt, "active", "hourly", "40.00", "USD"});
      store::update_contract_mapping(tx, ws_a, id, {project, true, false});
    }
    tx.exec0("UPDATE upwork_contracts SET confirmed_at = now()");
    // c1 finished its import yesterday; c2 has no cursor yet.
    tx.exec_params0("INSERT INTO upwork_sync_cursors (workspace_id, contract_id, import_state, days_total, days_done,"
                    " last_synced_at) VALUES ($1, 'c1', 'done', 14, 14, now() - interval '1 day')",
                    ws_a);
    tx.commit();
  }

  void record(const std::string& contract, int failures, const std::string& code = "upwork_error") {
    pqxx::connection db{url};
    pqxx::work tx{db};
    health::record(tx, {{ws_a, contract, failures, failures ? code : "",
                         failures ? "workDiaryContract: Upwork answered with a GraphQL error" : ""}});
    tx.commit();
  }

  json_doc status() {
    auto r = client->get("/api/v1/upwork/status", manager.token);
    EXPECT_EQ(r.status, 200u) << r.body;
    return json_doc{r.body};
  }

  json_doc diagnosis(const std::string& contract) {
    auto r = client->get("/api/v1/upwork/contracts/" + contract + "/diagnosis", manager.token);
    EXPECT_EQ(r.status, 200u) << r.body;
    return json_doc{r.body};
  }

  static constexpr const char* c1 = "/organizations/0/contracts/0";
  static constexpr const char* c2 = "/organizations/0/contracts/1";
};

TEST_F(upwork_sync_health, a_healthy_contract_shows_no_error_and_its_last_success) {
  auto doc = status();
  EXPECT_TRUE(doc.is_null(std::string{c1} + "/last_error"));
  EXPECT_EQ(doc.integer(std::string{c1} + "/failures_in_a_row"), 0);
  EXPECT_FALSE(doc.is_null(std::string{c1} + "/last_success_at")); // its cursor's last commit
  EXPECT_EQ(doc.str(std::string{c1} + "/import/state"), "done");
  // Without a cursor: never synced, never failed.
  EXPECT_TRUE(doc.is_null(std::string{c2} + "/last_error"));
  EXPECT_TRUE(doc.is_null(std::string{c2} + "/last_success_at"));
  EXPECT_EQ(doc.str(std::string{c2} + "/import/state"), "pending");
  auto d = diagnosis("c1");
  EXPECT_TRUE(d.boolean("/syncing"));
  EXPECT_EQ(d.size("/reasons"), 0u);
  EXPECT_TRUE(d.is_null("/last_error"));
}

TEST_F(upwork_sync_health, failures_in_a_row_make_it_failed_with_its_error_and_a_success_recovers_it) {
  auto success_before = status().str(std::string{c1} + "/last_success_at");
  for (int n = 1; n < health::failing_after; ++n) {
    record("c1", n);
    auto doc = status();
    EXPECT_EQ(doc.integer(std::string{c1} + "/failures_in_a_row"), n);
    EXPECT_EQ(doc.str(std::string{c1} + "/import/state"), "done"); // not yet failing
    EXPECT_EQ(doc.str(std::string{c1} + "/last_error/code"), "upwork_error");
    EXPECT_EQ(doc.str(std::string{c1} + "/last_success_at"), success_before); // frozen while failing
    EXPECT_EQ(diagnosis("c1").size("/reasons"), 0u);
  }
  record("c1", health::failing_after);
  auto doc = status();
  EXPECT_EQ(doc.str(std::string{c1} + "/import/state"), "failed");
  EXPECT_EQ(doc.integer(std::string{c1} + "/failures_in_a_row"), health::failing_after);
  EXPECT_EQ(doc.str(std::string{c1} + "/last_error/message"),
            "workDiaryContract: Upwork answered with a GraphQL error");
  EXPECT_EQ(doc.str(std::string{c1} + "/last_error/at").back(), 'Z');
  EXPECT_EQ(doc.str(std::string{c1} + "/import/state"), "failed");
  EXPECT_EQ(doc.str(std::string{c2} + "/import/state"), "pending"); // the other is untouched
  auto d = diagnosis("c1");
  EXPECT_FALSE(d.boolean("/syncing"));
  ASSERT_EQ(d.size("/reasons"), 1u);
  EXPECT_EQ(d.str("/reasons/0"), "sync_failing");
  EXPECT_EQ(d.str("/last_error/code"), "upwork_error");

  record("c1", 0); // the next cycle succeeded
  doc = status();
  EXPECT_EQ(doc.str(std::string{c1} + "/import/state"), "done");
  EXPECT_EQ(doc.integer(std::string{c1} + "/failures_in_a_row"), 0);
  EXPECT_EQ(doc.str(std::string{c1} + "/last_error/code"), "upwork_error"); // kept as history
  EXPECT_GE(doc.str(std::string{c1} + "/last_success_at"), doc.str(std::string{c1} + "/last_error/at"));
  d = diagnosis("c1");
  EXPECT_TRUE(d.boolean("/syncing"));
  EXPECT_EQ(d.size("/reasons"), 0u);
  EXPECT_EQ(d.str("/last_error/code"), "upwork_error");
}

TEST_F(upwork_sync_health, a_contract_without_a_cursor_gets_one_and_the_last_change_wins) {
  {
    pqxx::connection db{url};
    pqxx::work tx{db};
    health::record(tx, {{ws_a, "c2", 1, "database", "first"},
                        {ws_a, "c2", 2, "rate_limited", "second"},
                        {ws_a, "gone", 1, "database", "a contract that no longer exists is skipped"}});
    tx.commit();
  }
  auto doc = status();
  EXPECT_EQ(doc.integer(std::string{c2} + "/failures_in_a_row"), 2);
  EXPECT_EQ(doc.str(std::string{c2} + "/last_error/code"), "rate_limited");
  EXPECT_EQ(doc.str(std::string{c2} + "/import/state"), "pending");
  EXPECT_TRUE(doc.is_null(std::string{c2} + "/last_success_at"));
  EXPECT_EQ(sql_text("SELECT count(*) FROM upwork_sync_cursors WHERE contract_id = 'gone'"), "0");
  // Another workspace sees none of it.
  EXPECT_EQ(client->get("/api/v1/upwork/contracts/c2/diagnosis", other_admin.token).status, 404u);
}
