// Request bodies: valid JSON, the spec's field names, and the paging variables.
#include "protocol/upwork/observer.hpp"
#include "protocol/upwork/queries.hpp"

#include <gtest/gtest.h>
#include <simdjson.h>

namespace upsync::upwork {
namespace {

/// Parses a body and returns query text and the variables as compact JSON.
struct parsed_body {
  std::string query;
  std::string variables;
};

parsed_body parse_body(const std::string& body) {
  simdjson::dom::parser p;
  simdjson::dom::element root = p.parse(body);
  parsed_body out;
  out.query = std::string{std::string_view{root["query"]}};
  out.variables = simdjson::minify(root["variables"]);
  return out;
}

TEST(queries, staffs_first_page_has_no_cursor) {
  auto b = parse_body(queries::staffs(100, ""));
  EXPECT_EQ(b.variables, R"({"first":100})");
  EXPECT_NE(b.query.find("staffs(pagination: {first: $first, after: $after})"), std::string::npos);
  EXPECT_NE(b.query.find("user { id name email } activationStatus staffType"), std::string::npos);
  auto b2 = parse_body(queries::staffs(100, "Y3Vy\"x"));
  EXPECT_EQ(b2.variables, R"({"first":100,"after":"Y3Vy\"x"})");
}

TEST(queries, vendor_contracts_offset_paging_and_terms) {
  auto b = parse_body(queries::vendor_contracts("1384713489372938241", 10, 20));
  EXPECT_EQ(b.variables, R"({"vendorId":"1384713489372938241","limit":10,"offset":20})");
  EXPECT_NE(b.query.find("contractStatuses: [ACTIVE, PAUSED, CLOSED]"), std::string::npos);
  EXPECT_NE(b.query.find("options: {addTerms: true}"), std::string::npos);
  EXPECT_NE(b.query.find("hourlyTerms { id hourlyRate { rawValue currency displayValue } startDate "
                         "endDate manualTimeAllowed }"),
            std::string::npos);
}

TEST(queries, work_days_uses_compact_dates) {
  auto b = parse_body(queries::work_days({"38201734"}, {date{2026, 8, 1}, date{2026, 8, 29}}));
  EXPECT_EQ(b.variables, R"({"contractIds":["38201734"],"rangeStart":"20260801","rangeEnd":"20260829"})");
}

TEST(queries, work_diary_day) {
  auto b = parse_body(queries::work_diary_contract("38201734", date{2026, 8, 15}));
  EXPECT_EQ(b.variables, R"({"contractId":"38201734","date":"20260815"})");
  EXPECT_NE(b.query.find("cellDateTime { rawValue } manual overtime activityLevel memo"), std::string::npos);
}

TEST(queries, time_report_filters_contracts_only_when_given) {
  auto all = parse_body(queries::contract_time_report("1", {date{2026, 8, 1}, date{2026, 8, 29}}, {}, 500, ""));
  EXPECT_EQ(all.variables, R"({"organizationId":"1","rangeStart":"2026-08-01","rangeEnd":"2026-08-29","first":500})");
  EXPECT_EQ(all.query.find("contractIds"), std::string::npos);
  auto some =
    parse_body(queries::contract_time_report("1", {date{2026, 8, 1}, date{2026, 8, 29}}, {"7", "8"}, 500, "c1"));
  EXPECT_NE(some.query.find("contractIds: $contractIds"), std::string::npos);
  EXPECT_NE(some.variables.find(R"("contractIds":["7","8"])"), std::string::npos);
  EXPECT_NE(some.variables.find(R"("after":"c1")"), std::string::npos);
}

TEST(queries, every_body_is_valid_json) {
  for (const auto& body : {queries::company_selector(), queries::organization(), queries::client_offers(50, ""),
                           queries::contract_details("1"), queries::contract_list({"1", "2"})}) {
    simdjson::dom::parser p;
    EXPECT_FALSE(p.parse(body).error()) << body;
  }
  EXPECT_EQ(queries::organization().find("typeTitle"), std::string::npos);
}

} // namespace
} // namespace upsync::upwork

TEST(queries, every_body_names_its_operation_for_the_metrics_label) {
  using upsync::upwork::operation_name;
  EXPECT_EQ(operation_name(upsync::upwork::queries::company_selector()), "companySelector");
  EXPECT_EQ(operation_name(upsync::upwork::queries::work_diary_contract("c1", upsync::upwork::date{2026, 8, 1})),
            "workDiaryContract");
  EXPECT_EQ(operation_name("{\"query\":\"{ __typename }\"}"), "unknown");
  EXPECT_EQ(operation_name(""), "unknown");
}
