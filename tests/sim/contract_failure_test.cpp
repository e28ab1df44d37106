// A persistent failure injected for one contract (POST /__control/contracts/{id}/failure):
// its work diary fails until cleared, every other contract and the time report answer.
#include "tests/sim/sim_fixture.hpp"

#include "sim/civil_time.hpp"

namespace upsync::sim::testing {
namespace {

class contract_failure : public sim_test {
protected:
  void SetUp() override {
    start();
    token_ = token();
    // Two contracts with cells yesterday.
    auto& w = sim_->state().w;
    day = w.today() - 1;
    for (std::uint32_t i = 0; i < w.data().contract_count() && picked.size() < 2; ++i) {
      auto c = w.data().contract(i);
      if (!w.cells(c, day).empty())
        picked.push_back(c.id);
    }
    ASSERT_EQ(picked.size(), 2u);
  }

  http_result diary(const std::string& contract) {
    return post_graphql("{ workDiaryContract(workDiaryContractInput: {contractId: \"" + contract + "\", date: \""
                        + format_compact_day(day) + "\"}) { workDiaryTimeCells { cellDateTime { rawValue } } } }");
  }

  std::int64_t day = 0;
  std::vector<std::string> picked;
};

TEST_F(contract_failure, graphql_error_fails_only_that_contracts_diary_until_cleared) {
  auto set = control_post("/__control/contracts/" + picked[0] + "/failure", R"({"mode":"graphql_error"})");
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(json_doc{set.body}.str("/mode"), "graphql_error");
  for (int i = 0; i < 3; ++i) { // persistent: every request
    auto r = diary(picked[0]);
    ASSERT_EQ(r.status, 200);
    json_doc doc{r.body};
    EXPECT_EQ(doc.str("/errors/0/extensions/classification"), "ExecutionAborted");
    EXPECT_TRUE(doc.is_null("/data/workDiaryContract"));
  }
  json_doc other{diary(picked[1]).body};
  EXPECT_FALSE(other.has("/errors"));
  EXPECT_GT(other.size("/data/workDiaryContract/workDiaryTimeCells"), 0u);
  json_doc listed{http().get("/__control/failures").body};
  ASSERT_EQ(listed.size("/failures"), 1u);
  EXPECT_EQ(listed.str("/failures/0/contract"), picked[0]);

  ASSERT_EQ(control_post("/__control/contracts/" + picked[0] + "/failure", R"({"mode":"none"})").status, 200);
  json_doc cleared{diary(picked[0]).body};
  EXPECT_FALSE(cleared.has("/errors"));
  EXPECT_GT(cleared.size("/data/workDiaryContract/workDiaryTimeCells"), 0u);
  EXPECT_EQ(json_doc{http().get("/__control/failures").body}.size("/failures"), 0u);
}

TEST_F(contract_failure, http_500_answers_the_whole_request_with_a_500) {
  ASSERT_EQ(control_post("/__control/contracts/" + picked[0] + "/failure", R"({"mode":"http_500"})").status, 200);
  EXPECT_EQ(diary(picked[0]).status, 500);
  EXPECT_EQ(diary(picked[1]).status, 200);
  // The time report still answers for the failing contract.
  auto today = sim_->state().w.today();
  auto report = graphql("{ contractTimeReport(filter: {timeReportDate_bt: {rangeStart: \"" + format_iso_day(today - 3)
                        + "\", rangeEnd: \"" + format_iso_day(today) + "\"}}) { totalCount } }");
  EXPECT_FALSE(report.has("/errors"));
  EXPECT_EQ(sim_->state().stats.count("graphql.contract_failure", 500), 1u);
}

TEST_F(contract_failure, bad_requests_are_refused) {
  EXPECT_EQ(control_post("/__control/contracts/00000000/failure", R"({"mode":"none"})").status, 404);
  for (const char* body : {"{}", R"({"mode":"sometimes"})", R"({"mode":5})", "[", ""})
    EXPECT_EQ(control_post("/__control/contracts/" + picked[0] + "/failure", body).status, 400) << body;
  EXPECT_EQ(json_doc{http().get("/__control/failures").body}.size("/failures"), 0u);
}

} // namespace
} // namespace upsync::sim::testing
