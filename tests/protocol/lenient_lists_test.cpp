// One odd entry never fails a whole answer (issue 16): in every list an Upwork answer
// holds, an entry that is null, not an object, lacks its id or is not a usable contract is
// skipped and counted (result::skipped), and the rest is read. Scalars of the wrong type
// where nothing depends on them read as absent.
#include "protocol/upwork/oauth.hpp"
#include "protocol/upwork/parsers.hpp"

#include <gtest/gtest.h>

namespace upsync::upwork {
namespace {

const char* const contract_a =
  R"({"id":"101","title":"A","status":"ACTIVE","deliveryModel":"HOURLY","freelancer":{"id":"u1","name":"Ann"},)"
  R"("terms":{"hourlyTerms":[{"hourlyRate":{"rawValue":"25.00","currency":"USD"}}]}})";
const char* const contract_b =
  R"({"id":"102","title":"B","status":"ACTIVE","deliveryModel":"HOURLY","freelancer":{"id":"u2","name":"Bo"},)"
  R"("terms":{"hourlyTerms":[{"hourlyRate":{"rawValue":"30.00","currency":"USD"}}]}})";

std::string offer(const std::string& details) { return R"({"node":{"contractDetails":)" + details + "}}"; }

TEST(lenient_lists, company_selector_skips_items_without_an_id_and_reads_photos) {
  auto r = parse_company_selector(
    R"({"data":{"companySelector":{"items":[)"
    R"({"title":"Agency","organizationId":"1","organizationType":"Business","organizationLegacyType":"Vendor","photoUrl":"https://img.example/a.png"},)"
    R"(null,"odd",{"title":"no id"},)"
    R"({"title":"Client","organizationId":"2","organizationType":"Business","organizationLegacyType":"Client","photoUrl":null},)"
    R"({"title":"Odd photo","organizationId":"3","organizationType":"Business","organizationLegacyType":"Client","photoUrl":"javascript:void"}]}}})");
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ(r.skipped(), 3u);
  EXPECT_EQ(r.skip_reason(), "data.companySelector.items[1]: is null");
  EXPECT_EQ((*r)[0].photo_url, "https://img.example/a.png");
  EXPECT_FALSE((*r)[1].photo_url.has_value());
  EXPECT_FALSE((*r)[2].photo_url.has_value()); // not a picture a page may show
}

TEST(lenient_lists, staffs_skip_a_member_without_a_user_and_odd_codes_read_as_absent) {
  auto r = parse_staffs_page(
    R"({"data":{"organization":{"staffs":{"totalCount":"three","edges":[)"
    R"({"node":{"id":"s1","user":{"id":"u1","name":"Ann"},"activationStatus":"active","staffType":[]}},)"
    R"({"node":{"id":"s2","user":null}},)"
    R"({"node":{"id":"s3","user":{"id":"u3","name":42}}}],)"
    R"("pageInfo":{"endCursor":null,"hasNextPage":false}}}}})");
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->items.size(), 2u);
  EXPECT_EQ(r.skipped(), 1u);
  EXPECT_EQ(r.skip_reason(), "data.organization.staffs.edges[1].node.user: is null");
  EXPECT_FALSE(r->items[0].activation_status.has_value());
  EXPECT_FALSE(r->items[0].staff_type.has_value());
  EXPECT_FALSE(r->total_count.has_value());
  EXPECT_EQ(r->items[1].user.name, "42"); // a number where a name belongs is its text
}

TEST(lenient_lists, client_offers_skip_pending_offers_whose_contract_details_are_null) {
  auto r =
    parse_client_offers_page(std::string{R"({"data":{"organization":{"clientOffers":{"edges":[)"} + offer(contract_a)
                             + "," + offer("null") + "," + offer("null") + "," + offer(contract_b) + ","
                             + R"({"node":null})" + R"(],"pageInfo":{"endCursor":null,"hasNextPage":false}}}}})");
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->items.size(), 2u);
  EXPECT_EQ(r->items[0].id, "101");
  EXPECT_EQ(r->items[1].id, "102");
  EXPECT_EQ(r.skipped(), 3u);
  EXPECT_EQ(r.skip_reason(), "data.organization.clientOffers.edges[1].node.contractDetails: is null");
}

TEST(lenient_lists, vendor_contracts_skip_a_contract_that_cannot_be_read) {
  auto r = parse_vendor_contracts_page(
    std::string{R"({"data":{"vendorContracts":{"paging":{"limit":"ten","offset":0},)"} + R"("contracts":[)" + contract_a
    + R"(,{"id":"103","status":"SOMEDAY"},{"title":"no id"},)" + contract_b + "]}}}");
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->contracts.size(), 2u);
  EXPECT_EQ(r.skipped(), 2u);
  EXPECT_EQ(r->limit, 0); // unreadable: the client's own page size rules
}

TEST(lenient_lists, a_broken_rate_history_skips_that_contract_only) {
  auto r = parse_contract_list(
    std::string{R"({"data":{"contractList":{"contracts":[)"} + contract_a
    + R"(,{"id":"104","status":"ACTIVE","terms":{"hourlyTerms":[{"hourlyRate":{"rawValue":"25"}},null]}})" + "]}}}");
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].id, "101");
  EXPECT_EQ(r.skipped(), 1u);
  EXPECT_EQ(r.skip_reason(), "data.contractList.contracts[1].terms.hourlyTerms[1]: is null");
}

TEST(lenient_lists, time_report_skips_a_row_without_a_contract) {
  auto r =
    parse_time_report_page(R"({"data":{"contractTimeReport":{"totalCount":2,"edges":[)"
                           R"({"node":{"dateWorkedOn":"2026-08-03","contract":{"id":"101"},"totalHoursWorked":"1.5"}},)"
                           R"({"node":{"dateWorkedOn":"2026-08-03","contract":null,"totalHoursWorked":"2"}},)"
                           R"(42],"pageInfo":{"hasNextPage":false}}}})");
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->items.size(), 1u);
  EXPECT_EQ(r.skipped(), 2u);
}

TEST(lenient_lists, work_diary_skips_a_cell_without_a_time_and_reads_odd_levels_as_absent) {
  auto r = parse_work_diary(
    R"({"data":{"workDiaryContract":{"workDiaryMetadata":{"timezoneOffset":"UTC"},"workDiaryTimeCells":[)"
    R"({"cellDateTime":{"rawValue":"1786790400000"},"activityLevel":"high"},)"
    R"({"cellDateTime":null},null,)"
    R"({"cellDateTime":{"rawValue":"1786791000000"},"activityLevel":7}]}}})");
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->cells.size(), 2u);
  EXPECT_EQ(r.skipped(), 2u);
  EXPECT_FALSE(r->cells[0].activity_level.has_value());
  EXPECT_EQ(r->cells[1].activity_level, 7);
  EXPECT_FALSE(r->timezone_offset.has_value());
}

TEST(lenient_lists, work_days_skip_entries_that_are_not_days) {
  auto r = parse_work_days(R"({"data":{"workDays":{"workDays":["20260801",{},"tomorrow","20260803"]}}})");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->size(), 2u);
  EXPECT_EQ(r.skipped(), 2u);
}

TEST(lenient_lists, answers_with_graphql_errors_do_not_count_their_holes) {
  // Beside `errors` a null entry is explained by the answer itself: not counted as odd.
  auto r = parse_work_days(R"({"errors":[{"message":"boom","extensions":{"classification":"DataFetchingException"}}],)"
                           R"("data":{"workDays":{"workDays":["20260801",null]}}})");
  ASSERT_TRUE(r.partial());
  EXPECT_EQ(r.skipped(), 0u);
}

TEST(lenient_tokens, odd_token_type_and_lifetime_do_not_lose_a_spent_code) {
  auto r = parse_token_response(200, R"({"access_token":"oauth2v2_a","refresh_token":"oauth2v2_r","token_type":7,)"
                                     R"("expires_in":"a day"})");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->access_token, "oauth2v2_a");
  EXPECT_EQ(r->expires_in, 0); // unknown: the caller assumes Upwork's 24 h
  auto negative = parse_token_response(200, R"({"access_token":"a","expires_in":-5})");
  ASSERT_TRUE(negative.ok());
  EXPECT_EQ(negative->expires_in, 0);
  auto seconds_as_text = parse_token_response(200, R"({"access_token":"a","expires_in":"86400"})");
  ASSERT_TRUE(seconds_as_text.ok());
  EXPECT_EQ(seconds_as_text->expires_in, 86400);
}

} // namespace
} // namespace upsync::upwork
