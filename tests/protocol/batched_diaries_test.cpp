// Several contract-days in one aliased request (issue 19): the query names each day's alias
// and variables, and the answer is read alias by alias, so one failed day costs only itself.
#include "protocol/upwork/parsers.hpp"
#include "protocol/upwork/queries.hpp"

#include <gtest/gtest.h>

namespace upsync::upwork {
namespace {

std::vector<contract_day> three_days() {
  return {{"111", date{2026, 8, 14}}, {"111", date{2026, 8, 15}}, {"222", date{2026, 8, 15}}};
}

constexpr const char* cell_at_noon =
  R"({"workDiaryTimeCells":[{"cellDateTime":{"rawValue":"1786795200000"},"manual":false}]})";

std::string answer(const std::string& data, const std::string& errors = "") {
  return "{" + (errors.empty() ? "" : "\"errors\":[" + errors + "],") + "\"data\":{" + data + "}}";
}

TEST(batched_diaries, each_day_is_an_alias_with_its_own_variables) {
  auto body = queries::work_diary_contracts(three_days());
  EXPECT_NE(body.find("query workDiaryContract($c0: ID!, $t0: String!, $c1: ID!"), std::string::npos) << body;
  EXPECT_NE(body.find("d0: workDiaryContract(workDiaryContractInput: {contractId: $c0, date: $t0})"), std::string::npos)
    << body;
  EXPECT_NE(body.find("d2: workDiaryContract("), std::string::npos) << body;
  EXPECT_NE(body.find(R"("c2":"222")"), std::string::npos) << body;
  EXPECT_NE(body.find(R"("t1":"20260815")"), std::string::npos) << "compact dates, as the single query" << body;
}

TEST(batched_diaries, every_alias_read_in_order) {
  auto r = parse_work_diaries(
    answer(std::string{R"("d0":)"} + cell_at_noon + R"(,"d1":{"workDiaryTimeCells":[]},"d2":)" + cell_at_noon), 3);
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->size(), 3u);
  EXPECT_TRUE((*r)[0].ok());
  EXPECT_EQ((*r)[0]->cells.size(), 1u);
  EXPECT_TRUE((*r)[1].ok());
  EXPECT_TRUE((*r)[1]->cells.empty());
  EXPECT_EQ((*r)[2]->cells.size(), 1u);
}

TEST(batched_diaries, an_error_with_an_alias_path_fails_that_day_alone) {
  auto r = parse_work_diaries(
    answer(std::string{R"("d0":)"} + cell_at_noon + R"(,"d1":null,"d2":)" + cell_at_noon,
           R"({"message":"Exception while fetching data (/d1) : Internal server error","path":["d1"],)"
           R"("extensions":{"classification":"DataFetchingException"}})"),
    3);
  ASSERT_TRUE(r.ok()) << "the answer as a whole is good: " << r.error().message;
  EXPECT_TRUE((*r)[0].ok());
  ASSERT_FALSE((*r)[1].ok());
  EXPECT_TRUE((*r)[1].error().is_transient()) << (*r)[1].error().message;
  EXPECT_NE((*r)[1].error().message.find("d1"), std::string::npos);
  EXPECT_TRUE((*r)[2].ok());
}

TEST(batched_diaries, a_permanent_error_of_one_day_is_not_retried) {
  auto r = parse_work_diaries(
    answer(R"("d0":null,"d1":{"workDiaryTimeCells":[]})",
           R"({"message":"Access denied: the work diary of contract 111 cannot be read","path":["d0"],)"
           R"("extensions":{"classification":"ExecutionAborted"}})"),
    2);
  ASSERT_TRUE(r.ok());
  ASSERT_FALSE((*r)[0].ok());
  EXPECT_EQ((*r)[0].error().kind, error_kind::permanent);
  EXPECT_TRUE((*r)[1].ok());
}

TEST(batched_diaries, partial_data_of_one_day_is_no_day) {
  // A nested error inside d0 (one cell unreadable upstream): the day is asked again whole
  // rather than synced with a hole.
  auto r = parse_work_diaries(
    answer(
      std::string{R"("d0":{"workDiaryTimeCells":[null]},"d1":)"} + cell_at_noon,
      R"({"message":"boom","path":["d0","workDiaryTimeCells",0],"extensions":{"classification":"DataFetchingException"}})"),
    2);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE((*r)[0].ok());
  EXPECT_TRUE((*r)[1].ok());
}

TEST(batched_diaries, a_missing_alias_without_an_error_is_malformed) {
  auto r = parse_work_diaries(answer(std::string{R"("d0":)"} + cell_at_noon), 2);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE((*r)[0].ok());
  ASSERT_FALSE((*r)[1].ok());
  EXPECT_EQ((*r)[1].error().kind, error_kind::malformed);
  EXPECT_NE((*r)[1].error().message.find("data.d1"), std::string::npos) << (*r)[1].error().message;
}

TEST(batched_diaries, a_null_alias_is_explained_by_an_error_without_a_path) {
  auto r =
    parse_work_diaries(answer(std::string{R"("d0":null,"d1":)"} + cell_at_noon,
                              R"({"message":"Internal error","extensions":{"classification":"INTERNAL_ERROR"}})"),
                       2);
  ASSERT_TRUE(r.ok());
  ASSERT_FALSE((*r)[0].ok());
  EXPECT_TRUE((*r)[0].error().is_transient());
  EXPECT_NE((*r)[0].error().message.find("Internal error"), std::string::npos);
  EXPECT_TRUE((*r)[1].ok());
}

TEST(batched_diaries, an_unreadable_day_fails_alone_naming_its_path) {
  auto r = parse_work_diaries(answer(std::string{R"("d0":"not an object","d1":)"} + cell_at_noon), 2);
  ASSERT_TRUE(r.ok());
  ASSERT_FALSE((*r)[0].ok());
  EXPECT_EQ((*r)[0].error().kind, error_kind::malformed);
  EXPECT_NE((*r)[0].error().message.find("data.d0"), std::string::npos) << (*r)[0].error().message;
  EXPECT_TRUE((*r)[1].ok());
}

TEST(batched_diaries, a_skipped_cell_is_counted_on_its_day) {
  auto r = parse_work_diaries(
    answer(std::string{R"("d0":{"workDiaryTimeCells":[null,{"cellDateTime":{"rawValue":"1786795200000"}}]},"d1":)"}
           + cell_at_noon),
    2);
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE((*r)[0].ok());
  EXPECT_EQ((*r)[0]->cells.size(), 1u);
  EXPECT_EQ((*r)[0].skipped(), 1u) << "the day is read, and known to be incomplete";
  EXPECT_EQ((*r)[1].skipped(), 0u);
}

TEST(batched_diaries, no_data_at_all_fails_the_whole_answer) {
  auto r = parse_work_diaries(
    R"({"errors":[{"message":"Too many aliases","extensions":{"classification":"ValidationError"}}]})", 2);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, error_kind::permanent);
  auto broken = parse_work_diaries(R"({"data":{"d0":)", 1);
  ASSERT_FALSE(broken.has_value());
  EXPECT_EQ(broken.error().kind, error_kind::malformed);
}

} // namespace
} // namespace upsync::upwork
