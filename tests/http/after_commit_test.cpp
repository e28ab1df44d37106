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
