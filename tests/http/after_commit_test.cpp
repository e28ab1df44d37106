// Work queued with after_commit (telling the sync engine) runs only after the request's
// transaction committed, sees the committed change, and never runs for a failed request.
#include "http/api_error.hpp"
#include "http/sync_control.hpp"
#include "tests/http/api_fixture.hpp"

#include <atomic>

using namespace upsync;
using namespace upsync::testing;

namespace {

struct recording_control final : http::sync_control {
  explicit recording_control(std::string url) : url(std::move(url)) {}
  void organization_changed(storage::db_id, const std::string& org) override {
    // What the engine would read now: the project the request created must be there.
    pqxx::connection db{url};
    pqxx::nontransaction tx{db};
    seen_committed = tx.exec1("SELECT count(*) FROM projects WHERE name = 'from-" + org + "'")[0].as<int>() == 1;
    ++calls;
  }
  void connections_changed() override { ++calls; }
  void refresh_organization(storage::db_id, const std::string&) override { ++calls; }
  std::string url;
  std::atomic<int> calls{0};
  std::atomic<bool> seen_committed{false};
};

} // namespace

class after_commit : public api_fixture {};

TEST_F(after_commit, runs_after_commit_and_sees_the_change) {
  auto control = std::make_shared<recording_control>(url);
  routes.add(boost::beast::http::verb::post, "/test/change/{org}", http::access::manager,
             [control](http::api_request& req) {
               storage::project_store::create(req.db(), req.who().workspace_id, "from-" + req.params[0], {}, false);
               http::notify_organization_changed(req, control, req.who().workspace_id, req.params[0]);
               if (req.query.count("fail"))
                 throw http::invalid_request("asked to fail");
               return http::api_response{200, "{}"};
             });
  EXPECT_EQ(client->post("/test/change/o1?fail=1", "", admin.token).status, 400u);
  EXPECT_EQ(control->calls, 0); // rolled back: nothing to tell
  EXPECT_EQ(client->post("/test/change/o1", "", admin.token).status, 200u);
  EXPECT_EQ(control->calls, 1);
  EXPECT_TRUE(control->seen_committed);
}

// A handler that calls out between short transactions (the OAuth callback): what it
// committed with commit_step is visible to others while it waits with no transaction
// open, and stays when a later step fails; that later step is rolled back alone.
TEST_F(after_commit, a_committed_step_is_visible_during_the_wait_and_survives_a_failed_later_step) {
  std::atomic<bool> seen_during_wait{false};
  std::atomic<bool> no_transaction_during_wait{false};
  routes.add(boost::beast::http::verb::post, "/test/steps", http::access::manager,
             [this, &seen_during_wait, &no_transaction_during_wait](http::api_request& req) -> http::api_response {
               storage::project_store::create(req.db(), req.who().workspace_id, "step-one", {}, false);
               req.commit_step();
               no_transaction_during_wait = req.tx == nullptr;
               {
                 pqxx::connection db{url}; // the outside call's wait: another session looks
                 pqxx::nontransaction look{db};
                 seen_during_wait =
                   look.exec1("SELECT count(*) FROM projects WHERE name = 'step-one'")[0].as<int>() == 1;
               }
               req.begin_step();
               storage::project_store::create(req.db(), req.who().workspace_id, "step-two", {}, false);
               throw http::invalid_request("the second step fails");
             });
  EXPECT_EQ(client->post("/test/steps", "", admin.token).status, 400u);
  EXPECT_TRUE(no_transaction_during_wait);
  EXPECT_TRUE(seen_during_wait);
  pqxx::connection db{url};
  pqxx::nontransaction tx{db};
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM projects WHERE name = 'step-one'")[0].as<int>(), 1);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM projects WHERE name = 'step-two'")[0].as<int>(), 0);
}
