// A webhook event survives a crash of upsyncd (issue 20): the real daemon, killed with
// SIGKILL after an event was committed but before any receiver accepted it, delivers it
// once it runs again — under the same event id, validly signed.
#include "http/server.hpp"
#include "tests/reliability/running_daemon.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/json_doc.hpp"
#include "webhooks/signature.hpp"

#include <atomic>
#include <csignal>
#include <gtest/gtest.h>
#include <mutex>

using namespace upsync::testing;

namespace {

/// A receiver on loopback that answers `status` and keeps every delivery.
struct receiver {
  receiver() {
    upsync::http::server_options o;
    o.port = 0;
    o.worker_threads = 1;
    server = std::make_unique<upsync::http::server>(o, [this](upsync::http::request&& r) {
      {
        std::lock_guard lock{mutex};
        seen.push_back(
          {std::string{r["X-Upsync-Event-Id"]}, std::string{r["X-Upsync-Signature"]}, r.body(), status.load()});
      }
      upsync::http::response res{static_cast<boost::beast::http::status>(status.load()), 11};
      res.prepare_payload();
      return res;
    });
    server->start();
  }
  ~receiver() { server->stop(); }
  struct delivery {
    std::string event_id, signature, body;
    int answered;
  };
  std::vector<delivery> received() {
    std::lock_guard lock{mutex};
    return seen;
  }
  std::unique_ptr<upsync::http::server> server;
  std::atomic<int> status{503};
  std::mutex mutex;
  std::vector<delivery> seen;
};

} // namespace

TEST(webhook_crash, an_event_committed_before_a_crash_is_delivered_after_the_restart) {
  receiver hook;
  daemon_options options;
  options.import = false;
  options.env = {{"UPSYNC_WEBHOOK_ALLOW_PRIVATE", "on"}, {"UPSYNC_WEBHOOK_RETRY_SECONDS", "1"}};
  running_daemon d{options};
  d.connect_a();
  auto target = "http://127.0.0.1:" + std::to_string(hook.server->port()) + "/upsync";
  auto created = d.call("POST", "/api/v1/webhooks",
                        R"({"url":")" + target + R"(","events":["connection.disconnected"]})", d.manager_a.token);
  ASSERT_EQ(created.status, 201u) << created.body;
  json_doc endpoint{created.body};
  auto secret = endpoint.str("/secret");
  ASSERT_EQ(d.call("DELETE", "/api/v1/upwork/connections/" + d.connection_a, "", d.manager_a.token).status, 200u);
  // The receiver refuses until the crash: nothing can have been delivered before it.
  ASSERT_TRUE(eventually([&] { return !hook.received().empty(); }));
  d.restart(SIGKILL);
  hook.status = 200;
  ASSERT_TRUE(eventually(
    [&] {
      auto all = hook.received();
      return !all.empty() && all.back().answered == 200;
    },
    std::chrono::seconds(60)))
    << d.logs();
  auto all = hook.received();
  for (const auto& got : all)
    EXPECT_EQ(got.event_id, all.front().event_id) << "one event, the same id on every attempt";
  const auto& last = all.back();
  auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
  EXPECT_TRUE(upsync::webhooks::verify(secret, last.signature, last.body, now.count()));
  ASSERT_TRUE(eventually([&] {
    auto list = d.call("GET", "/api/v1/webhooks/" + endpoint.str("/id") + "/deliveries", "", d.manager_a.token);
    return json_doc{list.body}.str("/items/0/state") == "delivered";
  }));
  EXPECT_TRUE(d.alive());
}
