// Every fault knob, set at run time through the control API, observed over HTTP.
#include "sim/civil_time.hpp"
#include "tests/sim/sim_fixture.hpp"

#include <chrono>

namespace upsync::sim::testing {
namespace {

const std::string simple_query = "{ organization { id staffs(pagination: {first: 3}) { totalCount "
                                 "edges { node { id activationStatus staffType } } } } }";

class faults : public sim_test {
protected:
  void SetUp() override {
    start();
    token_ = token();
  }

  void set(const std::string& knobs) {
    auto r = control_post("/__control/faults", knobs);
    ASSERT_EQ(r.status, 200) << r.body;
  }

  int status() { return post_graphql(simple_query).status; }
};

TEST_F(faults, rate_limit_answers_429_with_retry_after) {
  set(R"({"rate_limit_rps": 0.001, "rate_limit_burst": 3, "retry_after_share": 1})");
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(status(), 200);
  auto limited = post_graphql(simple_query);
  EXPECT_EQ(limited.status, 429);
  EXPECT_FALSE(limited.header("retry-after").empty());
  EXPECT_GE(std::stoi(limited.header("retry-after")), 1);
}

TEST_F(faults, rate_limit_answers_429_without_retry_after) {
  set(R"({"rate_limit_rps": 0.001, "rate_limit_burst": 1, "retry_after_share": 0})");
  EXPECT_EQ(status(), 200);
  auto limited = post_graphql(simple_query);
  EXPECT_EQ(limited.status, 429);
  EXPECT_TRUE(limited.header("retry-after").empty());
}

TEST_F(faults, rate_limit_is_per_client) {
  set(R"({"rate_limit_rps": 0.001, "rate_limit_burst": 1})");
  EXPECT_EQ(status(), 200);
  EXPECT_EQ(status(), 429);
  auto other = token("another-client");
  EXPECT_EQ(post_graphql(simple_query, {}, {}, other).status, 200);
}

TEST_F(faults, a_share_of_answers_become_5xx) {
  set(R"({"error_5xx_share": 1})");
  for (int i = 0; i < 6; ++i) {
    auto s = status();
    EXPECT_TRUE(s == 502 || s == 503 || s == 504) << s;
  }
  set(R"({"error_5xx_share": 0.5})");
  int errors = 0;
  for (int i = 0; i < 40; ++i)
    errors += status() >= 500;
  EXPECT_GT(errors, 5);
  EXPECT_LT(errors, 35);
}

TEST_F(faults, draws_are_reproducible_for_the_same_seed) {
  auto run = [&] {
    set(R"({"error_5xx_share": 0.5, "seed": 99})");
    std::string pattern;
    for (int i = 0; i < 20; ++i)
      pattern += std::to_string(status()) + " ";
    set(R"({"seed": 1})"); // a different seed, so setting 99 again restarts the sequence
    return pattern;
  };
  auto first = run();
  EXPECT_EQ(first, run());
}

TEST_F(faults, latency_is_added) {
  set(R"({"latency_ms": 150})");
  auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(status(), 200);
  auto elapsed = std::chrono::steady_clock::now() - started;
  EXPECT_GE(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count(), 150);
}

TEST_F(faults, access_tokens_die_after_n_requests) {
  set(R"({"token_max_requests": 3})");
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(status(), 200);
  EXPECT_EQ(status(), 401);
  EXPECT_EQ(post_graphql(simple_query, {}, {}, token()).status, 200); // a fresh token works
}

TEST_F(faults, graphql_errors_come_with_partial_data) {
  set(R"({"partial_error_share": 1})");
  auto doc = graphql(simple_query);
  ASSERT_TRUE(doc.has("/errors/0/message"));
  EXPECT_EQ(doc.str("/errors/0/path/0"), "organization");
  EXPECT_TRUE(doc.has("/data/organization/id"));
  EXPECT_TRUE(doc.is_null("/data/organization/staffs"));
}

TEST_F(faults, aliases_of_a_batched_query_fail_alone) {
  // Two aliases of one root field: each fails on its own, null with an error naming it.
  const std::string batched = "{ a: organization { id } b: organization { id } }";
  set(R"({"alias_error_share": 1})");
  auto doc = graphql(batched);
  EXPECT_TRUE(doc.is_null("/data/a"));
  EXPECT_TRUE(doc.is_null("/data/b"));
  EXPECT_EQ(doc.str("/errors/0/path/0"), "a");
  EXPECT_EQ(doc.str("/errors/1/path/0"), "b");
  EXPECT_EQ(doc.str("/errors/0/extensions/classification"), "DataFetchingException");
  // A query of one root field is never hit: the knob is about batches.
  auto single = graphql("{ organization { id } }");
  EXPECT_FALSE(single.has("/errors"));
  EXPECT_TRUE(single.has("/data/organization/id"));
  // At a share of one half, some aliases of a larger batch answer and some fail.
  set(R"({"alias_error_share": 0.5})");
  std::string many = "{";
  for (int i = 0; i < 20; ++i)
    many += " d" + std::to_string(i) + ": organization { id }";
  auto mixed = graphql(many + " }");
  int failed = 0;
  for (int i = 0; i < 20; ++i)
    failed += mixed.is_null("/data/d" + std::to_string(i));
  EXPECT_GT(failed, 0);
  EXPECT_LT(failed, 20);
}

TEST_F(faults, numbers_arrive_as_strings) {
  set(R"({"numbers_as_strings_share": 1})");
  auto doc = graphql(simple_query);
  EXPECT_TRUE(doc.at("/data/organization/staffs/totalCount").is_string());
  EXPECT_TRUE(doc.at("/data/organization/staffs/edges/0/node/staffType").is_string());
  EXPECT_EQ(doc.num("/data/organization/staffs/totalCount"), 6);
}

TEST_F(faults, cell_times_can_arrive_as_iso_8601) {
  set(R"({"iso_cell_times_share": 1})");
  auto& w = sim_->state().w;
  for (std::uint32_t i = 0; i < w.data().contract_count(); ++i) {
    auto c = w.data().contract(i);
    for (auto day = w.today() - 1; day > w.today() - 20; --day) {
      auto cells = w.cells(c, day);
      if (cells.empty())
        continue;
      auto doc = graphql("{ workDiaryContract(workDiaryContractInput: {contractId: \"" + c.id + "\", date: \""
                         + format_compact_day(day) + "\"}) { workDiaryTimeCells { cellDateTime { rawValue } } } }");
      EXPECT_EQ(doc.str("/data/workDiaryContract/workDiaryTimeCells/0/cellDateTime/rawValue"),
                format_iso_instant(cells[0].start_ms));
      return;
    }
  }
  FAIL() << "no cells";
}

TEST_F(faults, bodies_can_be_truncated) {
  auto full = post_graphql(simple_query).body;
  set(R"({"truncated_share": 1})");
  for (int i = 0; i < 5; ++i) {
    auto r = post_graphql(simple_query);
    EXPECT_EQ(r.status, 200);
    EXPECT_LT(r.body.size(), full.size());
    EXPECT_FALSE(json_doc{r.body}.valid()) << r.body;
  }
}

TEST_F(faults, bodies_can_be_malformed) {
  set(R"({"malformed_share": 1})");
  for (int i = 0; i < 20; ++i) {
    auto r = post_graphql(simple_query);
    EXPECT_EQ(r.status, 200);
    EXPECT_FALSE(json_doc{r.body}.valid()) << r.body;
  }
}

TEST_F(faults, type_title_works_with_the_scope_knob) {
  set(R"({"type_title_scope": true})");
  auto doc = graphql("{ organization { typeTitle } }");
  EXPECT_FALSE(doc.has("/errors"));
  EXPECT_FALSE(doc.str("/data/organization/typeTitle").empty());
}

TEST_F(faults, oauth_faults_extend_to_the_token_endpoint_only_when_asked) {
  set(R"({"error_5xx_share": 1})");
  auto ok = http().post("/api/v3/oauth2/token", "grant_type=refresh_token&refresh_token=x&client_id=a&client_secret=b",
                        "application/x-www-form-urlencoded");
  EXPECT_EQ(ok.status, 400); // untouched: a normal invalid_grant
  set(R"({"oauth_faults": true})");
  auto hit = http().post("/api/v3/oauth2/token", "grant_type=refresh_token&refresh_token=x&client_id=a&client_secret=b",
                         "application/x-www-form-urlencoded");
  EXPECT_GE(hit.status, 500);
}

TEST_F(faults, knobs_read_back_reset_and_reject_nonsense) {
  set(R"({"latency_ms": 5, "error_5xx_share": 0.25})");
  json_doc cfg{http().get("/__control/faults").body};
  EXPECT_EQ(cfg.num("/latency_ms"), 5);
  EXPECT_EQ(cfg.num("/error_5xx_share"), 0.25);
  set(R"({"reset": true})");
  json_doc cleared{http().get("/__control/faults").body};
  EXPECT_EQ(cleared.num("/latency_ms"), 0);
  EXPECT_EQ(control_post("/__control/faults", R"({"no_such_knob": 1})").status, 400);
  EXPECT_EQ(control_post("/__control/faults", R"({"error_5xx_share": 2})").status, 400);
}

TEST_F(faults, knobs_given_at_start_apply_from_the_first_request) {
  auto o = test_options();
  o.faults.set("error_5xx_share", "1");
  sim_->stop();
  start(o);
  token_ = token();
  EXPECT_GE(status(), 500);
}

} // namespace
} // namespace upsync::sim::testing
