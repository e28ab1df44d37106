// /metrics as operators deploy it, against a running upsyncd: on a listener of its own
// (UPSYNC_METRICS_ADDRESS) behind a token (UPSYNC_METRICS_TOKEN) — refused without the
// right token, never echoing it, absent from the API listener — and counting the Upwork
// calls the API makes itself when a workspace connects (code exchange, discovery) in
// upsync_upwork_requests_total, like the engine's.
#include "tests/metrics/exposition_parser.hpp"
#include "tests/reliability/metrics_sweep.hpp"
#include "tests/reliability/running_daemon.hpp"
#include "tests/support/json_doc.hpp"

#include <gtest/gtest.h>

using namespace upsync::testing;

namespace {

const std::string metrics_token = "metrics-listener-probe-8d41b2c96e07";

running_daemon* daemon_ = nullptr;

} // namespace

class metrics_access : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    try {
      daemon_options options;
      options.env = {{"UPSYNC_METRICS_ADDRESS", "127.0.0.1:0"}, {"UPSYNC_METRICS_TOKEN", metrics_token}};
      options.import = false; // each test connects what it needs
      daemon_ = new running_daemon(options);
    } catch (const std::exception& e) {
      FAIL() << e.what();
    }
  }
  static void TearDownTestSuite() {
    delete daemon_;
    daemon_ = nullptr;
  }
  void SetUp() override { ASSERT_NE(daemon_, nullptr) << "the daemon did not come up"; }
  void TearDown() override {
    if (!daemon_)
      return;
    EXPECT_TRUE(daemon_->alive()) << "upsyncd died";
    EXPECT_EQ(daemon_->server_errors(), 0) << "answers with a 5xx so far";
    EXPECT_EQ(daemon_->logs().find(metrics_token), std::string::npos) << "the metrics token is in the logs";
  }

  exposition scrape() {
    auto r =
      daemon_->call_at(daemon_->metrics_port(), "GET", "/metrics", "", {{"Authorization", "Bearer " + metrics_token}});
    EXPECT_EQ(r.status, 200u) << r.body.substr(0, 200);
    return exposition{r.body};
  }
};

TEST_F(metrics_access, the_metrics_listener_serves_metrics_only_and_only_with_its_token) {
  auto& d = *daemon_;
  ASSERT_NE(d.metrics_port(), 0);
  ASSERT_NE(d.metrics_port(), d.port());
  auto sent = sweep_metrics_route(d, d.metrics_port(), metrics_token, d.admin_a.token);
  // The metrics listener answers nothing else, whatever the credentials.
  for (const char* path : {"/healthz", "/readyz", "/api/v1/me", "/api/v1/admin/actors"}) {
    auto r = d.call_at(d.metrics_port(), "GET", path, "", {{"Authorization", "Bearer " + d.admin_a.token}});
    EXPECT_EQ(r.status, 404u) << path << ": " << r.body;
    EXPECT_TRUE(is_error_json(r)) << path;
  }
  // And the API listener no longer serves /metrics (docs/operations.md): 404, token or not.
  for (const std::string& token : {std::string{}, metrics_token}) {
    auto r = d.call("GET", "/metrics", "", token);
    EXPECT_EQ(r.status, 404u) << r.body;
    EXPECT_EQ(r.body.find("upsync_"), std::string::npos);
    EXPECT_EQ(r.body.find(metrics_token), std::string::npos);
  }
  EXPECT_EQ(d.call("GET", "/healthz").status, 200u) << "the API listener still answers";
  EXPECT_EQ(d.call("GET", "/api/v1/me", "", d.admin_a.token).status, 200u);
  EXPECT_EQ(d.transcript().find(metrics_token), std::string::npos) << "an answer holds the metrics token";
  std::printf("%d requests at /metrics on its own listener\n", sent);
}

TEST_F(metrics_access, a_connect_counts_its_upwork_calls_by_operation_and_status) {
  auto& d = *daemon_;
  const std::map<std::string, std::string> token_ok = {{"operation", "token"}, {"status", "200"}};
  const std::map<std::string, std::string> token_refused = {{"operation", "token"}, {"status", "400"}};
  auto before = scrape();
  // Discovery reads the companies, then each organization's people and contracts.
  auto discovery = [](const exposition& e) {
    double n = 0;
    for (const char* op : {"companySelector", "organization", "staffs", "vendorContracts", "clientOffers"})
      n += e.sum("upsync_upwork_requests_total", {{"operation", op}, {"status", "200"}});
    return n;
  };

  d.connect_a(); // POST connections, consent at the simulator, the callback: exchange + discovery

  auto after = scrape();
  EXPECT_EQ(after.sum("upsync_upwork_requests_total", token_ok) - before.sum("upsync_upwork_requests_total", token_ok),
            1.0)
    << "the code exchange is one request to the token endpoint";
  EXPECT_GT(after.sum("upsync_upwork_requests_total", {{"operation", "companySelector"}, {"status", "200"}}),
            before.sum("upsync_upwork_requests_total", {{"operation", "companySelector"}, {"status", "200"}}));
  EXPECT_GT(discovery(after), discovery(before) + 1) << "discovery reads more than the company list";
  EXPECT_EQ(after.sum("upsync_upwork_request_duration_seconds_count", {{"operation", "token"}})
              - before.sum("upsync_upwork_request_duration_seconds_count", {{"operation", "token"}}),
            1.0);

  // A code Upwork refuses is counted under its status.
  auto start = d.call("POST", "/api/v1/upwork/connections", "", d.admin_a.token);
  ASSERT_EQ(start.status, 201u) << start.body;
  auto state = json_doc{start.body}.str("/state");
  auto refused = d.call("GET", "/api/v1/upwork/oauth/callback?code=never-issued&state=" + url_escape(state), "", "",
                        {{"Accept", "application/json"}});
  EXPECT_EQ(refused.status, 400u) << refused.body;
  auto last = scrape();
  EXPECT_EQ(last.sum("upsync_upwork_requests_total", token_refused)
              - after.sum("upsync_upwork_requests_total", token_refused),
            1.0)
    << "Upwork's invalid_grant (400) is counted";
  EXPECT_EQ(last.sum("upsync_upwork_requests_total", token_ok), after.sum("upsync_upwork_requests_total", token_ok));
}
