// The Upwork answer parsers on recorded answers: every documented variant is read, anything
// else is refused with an error that names the JSON path.
// Over 400 lines on purpose: one parser per section, each with its recorded answers; the variants of one parser read
// best side by side.
#include "protocol/upwork/parsers.hpp"
#include "test_server.hpp"

#include <gtest/gtest.h>

namespace upsync::upwork {
namespace {

using testing::read_fixture;

date day(int y, int m, int d) { return date{y, m, d}; }

// -- organizations --------------------------------------------------------------

TEST(company_selector, reads_every_item_and_its_kind) {
  auto r = parse_company_selector(read_fixture("company_selector.json"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0].organization_id, "1384713489372938241");
  EXPECT_EQ((*r)[0].title, "Nomadic Soft");
  EXPECT_EQ((*r)[0].kind, org_kind::agency);
  EXPECT_EQ((*r)[1].kind, org_kind::client);
  EXPECT_EQ((*r)[2].kind, org_kind::freelancer);
}

TEST(organization, agency_decided_by_flag) {
  auto r = parse_organization(read_fixture("organization_agency.json"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->id, "1384713489372938241");
  EXPECT_EQ(r->name, "Nomadic Soft");
  EXPECT_EQ(r->legacy_id, "nomadicsoft");
  EXPECT_EQ(r->kind, org_kind::agency);
}

TEST(organization, flag_alone_decides_when_types_are_null) {
  auto r = parse_organization(read_fixture("organization_client_flag_only.json"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->kind, org_kind::client);
}

TEST(organization, flag_wins_over_type_pair) {
  // type pair says client, flag says individual: flag first.
  auto r = parse_organization(R"({"data":{"organization":{"id":"1","name":"x","type":"Business","legacyType":"Client",)"
                              R"("flag":{"client":false,"vendor":true,"agency":false,"individual":true}}}})");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->kind, org_kind::freelancer);
}

TEST(organization, kind_table_without_flag) {
  EXPECT_EQ(decide_org_kind(std::nullopt, "Business", "Vendor"), org_kind::agency);
  EXPECT_EQ(decide_org_kind(std::nullopt, "Business", "Client"), org_kind::client);
  EXPECT_EQ(decide_org_kind(std::nullopt, "SoleProprietor", "Vendor"), org_kind::freelancer);
  EXPECT_EQ(decide_org_kind(std::nullopt, "", ""), org_kind::unknown);
  org_flags f;
  f.agency = true;
  f.vendor = true;
  EXPECT_EQ(decide_org_kind(f, "SoleProprietor", "Vendor"), org_kind::agency);
}

TEST(organization, flags_as_strings_are_accepted) {
  auto r =
    parse_organization(R"({"data":{"organization":{"id":"1","name":"x","flag":{"client":"true","agency":"false"}}}})");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->kind, org_kind::client);
}

TEST(organization, missing_id_names_the_path) {
  auto r = parse_organization(R"({"data":{"organization":{"name":"x"}}})");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, error_kind::malformed);
  EXPECT_EQ(r.error().message, "data.organization.id: missing");
}

// -- staffs ---------------------------------------------------------------------

TEST(staffs, person_is_user_id_not_the_staff_node) {
  auto r = parse_staffs_page(read_fixture("staffs_page1.json"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->items.size(), 2u);
  EXPECT_EQ(r->items[0].staff_id, "1501234567890123401");
  EXPECT_EQ(r->items[0].user.id, "1409876543210987601");
  EXPECT_EQ(r->items[0].user.email, "anna@example.com");
  EXPECT_EQ(r->items[1].user.email, "");
  EXPECT_EQ(r->total_count, 3);
  EXPECT_TRUE(r->has_next_page);
  EXPECT_EQ(r->end_cursor, "Y3Vyc29yOjI=");
}

TEST(staffs, numeric_codes_as_strings) {
  auto r = parse_staffs_page(read_fixture("staffs_page1.json"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->items[1].activation_status, 1);
  EXPECT_EQ(r->items[1].staff_type, 3);
  auto r2 = parse_staffs_page(read_fixture("staffs_page2.json"));
  ASSERT_TRUE(r2.ok()) << r2.error().message;
  EXPECT_EQ(r2->total_count, 3);
  EXPECT_FALSE(r2->has_next_page);
  EXPECT_EQ(r2->items[0].user.name, "Carla D\xC3\xAD"
                                    "az");
}

TEST(staffs, wrong_type_skips_the_member_naming_the_exact_path) {
  std::string body = read_fixture("staffs_page1.json");
  body.replace(body.find("\"1409876543210987602\""), 21, "true");
  auto r = parse_staffs_page(body);
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->items.size(), 1u);
  EXPECT_EQ(r->items[0].user.id, "1409876543210987601");
  EXPECT_EQ(r.skipped(), 1u);
  EXPECT_EQ(r.skip_reason(), "data.organization.staffs.edges[1].node.user.id: expected string, got boolean");
}

TEST(staffs, ids_with_control_characters_are_refused) {
  auto r = parse_organization(R"({"data":{"organization":{"id":"1\r\nX-Evil: 1"}}})");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, "data.organization.id: id with a control, space or non-ASCII character");
}

TEST(staffs, next_page_without_cursor_is_refused) {
  auto r = parse_staffs_page(
    R"({"data":{"organization":{"staffs":{"edges":[],"pageInfo":{"endCursor":null,"hasNextPage":true}}}}})");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, "data.organization.staffs.pageInfo.endCursor: missing while hasNextPage is true");
}

TEST(staffs, partial_data_keeps_the_intact_members) {
  auto r = parse_staffs_page(read_fixture("partial_staffs.json"));
  ASSERT_TRUE(r.partial());
  ASSERT_EQ(r->items.size(), 1u);
  EXPECT_EQ(r->items[0].user.id, "1409876543210987601");
  EXPECT_EQ(r.error().kind, error_kind::retryable);
  EXPECT_NE(r.error().message.find("DataFetchingException"), std::string::npos);
  EXPECT_NE(r.error().message.find("organization.staffs.edges.1.node.user"), std::string::npos);
}

// -- contracts ------------------------------------------------------------------

TEST(contracts, vendor_contracts_with_rate_history) {
  auto r = parse_vendor_contracts_page(read_fixture("vendor_contracts.json"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->limit, 10);
  EXPECT_EQ(r->offset, 0);
  ASSERT_EQ(r->contracts.size(), 2u);
  const contract& c = r->contracts[0];
  EXPECT_EQ(c.id, "38201734");
  EXPECT_EQ(c.status, contract_status::active);
  EXPECT_EQ(c.kind, contract_kind::hourly);
  ASSERT_TRUE(c.freelancer);
  EXPECT_EQ(c.freelancer->id, "1409876543210987601");
  EXPECT_EQ(c.client_organization->name, "Acme Corp");
  EXPECT_EQ(c.vendor_organization->id, "1384713489372938241");
  EXPECT_EQ(c.start_date, day(2026, 3, 2));
  EXPECT_FALSE(c.end_date);
  EXPECT_EQ(format_instant(*c.create_date), "2026-03-02T09:15:00Z");
  EXPECT_EQ(c.modify_date->time_since_epoch().count(), 1786790400000);
  // History sorted by start date whatever the order sent.
  ASSERT_EQ(c.hourly_terms.size(), 2u);
  EXPECT_EQ(c.hourly_terms[0].hourly_rate.amount.to_string(), "25.00");
  EXPECT_EQ(c.hourly_terms[0].end_date, day(2026, 5, 31));
  EXPECT_EQ(c.hourly_terms[1].hourly_rate.amount, (decimal{30, 0}));
  EXPECT_EQ(c.hourly_terms[1].hourly_rate.currency, "USD");
  EXPECT_EQ(c.hourly_terms[1].manual_time_allowed, true);
  // The rate in force on a day.
  EXPECT_EQ(c.rate_on(day(2026, 5, 31))->id, "91000");
  EXPECT_EQ(c.rate_on(day(2026, 6, 1))->id, "91001");
  EXPECT_EQ(c.rate_on(day(2026, 3, 1)), nullptr);

  const contract& f = r->contracts[1];
  EXPECT_EQ(f.kind, contract_kind::fixed_price);
  EXPECT_EQ(f.status, contract_status::closed);
  EXPECT_TRUE(f.hourly_terms.empty());
  EXPECT_TRUE(f.has_fixed_price_terms);
  EXPECT_EQ(f.start_date, day(2026, 1, 10)); // yyyymmdd accepted too
  EXPECT_EQ(f.rate_on(day(2026, 1, 15)), nullptr);
}

TEST(contracts, client_offers_rate_as_json_number_is_exact) {
  auto r = parse_client_offers_page(read_fixture("client_offers.json"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->items.size(), 1u);
  EXPECT_EQ(r->items[0].status, contract_status::paused);
  EXPECT_EQ(r->items[0].hourly_terms[0].hourly_rate.amount.to_string(), "45.5");
  EXPECT_EQ(r->items[0].hourly_terms[0].hourly_rate.amount.to_minor_units(2), 4550);
  EXPECT_FALSE(r->has_next_page);
}

TEST(contracts, details_with_numeric_id_lowercase_status_and_epoch_dates) {
  auto r = parse_contract_details(read_fixture("contract_details.json"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->id, "38201734");
  EXPECT_EQ(r->status, contract_status::active);
  EXPECT_EQ(r->create_date->time_since_epoch().count(), 1772442900000);
  EXPECT_EQ(format_instant(*r->modify_date), "2026-08-14T22:00:00Z");
  EXPECT_EQ(r->hourly_terms[0].hourly_rate.amount, (decimal{2500, 2}));
}

TEST(contracts, list_with_nulls_falls_back_to_delivery_model) {
  auto r = parse_contract_list(read_fixture("contract_list.json"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[1].kind, contract_kind::hourly);
  EXPECT_FALSE((*r)[1].freelancer);
  EXPECT_TRUE((*r)[1].hourly_terms.empty());
}

TEST(contracts, unknown_status_is_refused) {
  std::string body = read_fixture("contract_details.json");
  body.replace(body.find("\"active\""), 8, "\"ARCHIVED\"");
  auto r = parse_contract_details(body);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, "data.contractDetails.status: expected ACTIVE, PAUSED or CLOSED, got \"ARCHIVED\"");
}

TEST(contracts, rate_as_float_string_with_exponent_is_refused) {
  std::string body = read_fixture("contract_details.json");
  body.replace(body.find("\"25\""), 4, "\"2.5e1\"");
  auto r = parse_contract_details(body);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, "data.contractDetails.terms.hourlyTerms[0].hourlyRate.rawValue: "
                               "expected decimal number in string, got \"2.5e1\"");
}

TEST(contracts, kind_undecidable_is_refused) {
  auto r = parse_contract_details(R"({"data":{"contractDetails":{"id":"1","status":"ACTIVE"}}})");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, "data.contractDetails: cannot tell hourly from fixed-price: no "
                               "terms, deliveryModel or kind");
}

TEST(contracts, broken_rate_term_drops_the_contract_in_partial_answers) {
  // A rate history with a hole would price hours wrongly: the contract goes, not the term.
  auto r = parse_contract_list(
    R"({"errors":[{"message":"boom","extensions":{"classification":"DataFetchingException"}}],)"
    R"("data":{"contractList":{"contracts":[)"
    R"({"id":"1","status":"ACTIVE","deliveryModel":"HOURLY","terms":{"hourlyTerms":[{"id":"a","hourlyRate":null}]}},)"
    R"({"id":"2","status":"ACTIVE","deliveryModel":"HOURLY","terms":{"hourlyTerms":[{"id":"b","hourlyRate":{"rawValue":"10.00","currency":"USD"}}]}}]}}})");
  ASSERT_TRUE(r.partial());
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].id, "2");
}

// -- time -----------------------------------------------------------------------

TEST(work_days, sorted_unique_days) {
  auto r = parse_work_days(read_fixture("work_days.json"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0], day(2026, 8, 3));
  EXPECT_EQ((*r)[1], day(2026, 8, 12));
  EXPECT_EQ((*r)[2], day(2026, 8, 15));
}

TEST(work_days, impossible_date_is_skipped_naming_the_path) {
  auto r = parse_work_days(R"({"data":{"workDays":{"workDays":["20260230"]}}})");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->empty());
  EXPECT_EQ(r.skipped(), 1u);
  EXPECT_EQ(r.skip_reason(), "data.workDays.workDays[0]: expected date (YYYY-MM-DD or YYYYMMDD), got \"20260230\"");
}

TEST(work_diary, epoch_ms_cells_sorted_with_manual_flag) {
  auto r = parse_work_diary(read_fixture("work_diary_epoch.json"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->cells.size(), 3u);
  EXPECT_EQ(format_instant(r->cells[0].start), "2026-08-15T10:00:00Z");
  EXPECT_EQ(format_instant(r->cells[1].start), "2026-08-15T10:10:00Z");
  EXPECT_EQ(format_instant(r->cells[2].start), "2026-08-15T10:20:00Z");
  EXPECT_TRUE(r->cells[2].manual);
  EXPECT_FALSE(r->cells[0].manual);
  EXPECT_EQ(r->cells[1].activity_level, 7);
  EXPECT_EQ(r->cells[1].memo, "API work");
  EXPECT_EQ(r->cells[1].task_id, "5001");
  EXPECT_EQ(r->timezone_offset, 0);
  EXPECT_EQ(r->archiving_date_time, "1787011200000");
}

TEST(work_diary, iso_cells_with_offsets_and_duplicates) {
  auto r = parse_work_diary(read_fixture("work_diary_iso.json"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->cells.size(), 2u); // 10:00Z sent twice, once as ISO and once as epoch ms
  EXPECT_EQ(format_instant(r->cells[0].start), "2026-08-15T10:00:00Z");
  EXPECT_EQ(r->cells[0].memo, "Review");
  EXPECT_EQ(format_instant(r->cells[1].start), "2026-08-15T10:10:00Z");
  EXPECT_TRUE(r->cells[1].manual);
  EXPECT_EQ(r->timezone_offset, -7);
}

TEST(work_diary, empty_day_as_null) {
  auto r = parse_work_diary(read_fixture("work_diary_empty.json"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r->cells.empty());
}

TEST(work_diary, cell_time_of_wrong_shape_skips_the_cell_naming_the_path) {
  auto r = parse_work_diary(
    R"({"data":{"workDiaryContract":{"workDiaryTimeCells":[{"cellDateTime":{"rawValue":"yesterday"}}]}}})");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->cells.empty());
  EXPECT_EQ(r.skipped(), 1u);
  EXPECT_EQ(r.skip_reason(), "data.workDiaryContract.workDiaryTimeCells[0].cellDateTime.rawValue:"
                             " expected epoch milliseconds or ISO-8601 time, got \"yesterday\"");
  auto r2 =
    parse_work_diary(R"({"data":{"workDiaryContract":{"workDiaryTimeCells":[{"cellDateTime":{"rawValue":1.5}}]}}})");
  ASSERT_TRUE(r2.ok());
  EXPECT_EQ(r2.skip_reason(), "data.workDiaryContract.workDiaryTimeCells[0].cellDateTime."
                              "rawValue: expected time string, got number");
}

TEST(time_report, rows_with_exact_hours_and_charges) {
  auto r = parse_time_report_page(read_fixture("time_report_page1.json"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->items.size(), 2u);
  EXPECT_EQ(r->items[0].date_worked_on, day(2026, 8, 3));
  EXPECT_EQ(r->items[0].contract_id, "38201734");
  EXPECT_EQ(r->items[0].freelancer_id, "1409876543210987601");
  EXPECT_EQ(r->items[0].total_hours_worked, (decimal{25, 1}));
  EXPECT_EQ(r->items[0].total_charges.to_minor_units(2), 6250);
  EXPECT_EQ(r->items[1].total_hours_worked.to_string(), "0.17");
  EXPECT_EQ(r->items[1].memo, "");
  EXPECT_TRUE(r->has_next_page);
  EXPECT_EQ(r->end_cursor, "r2");

  auto r2 = parse_time_report_page(read_fixture("time_report_page2.json"));
  ASSERT_TRUE(r2.ok()) << r2.error().message;
  EXPECT_EQ(r2->items[0].date_worked_on, day(2026, 8, 15));
  EXPECT_EQ(r2->items[0].total_hours_worked.to_string(), "7.833333");
  EXPECT_EQ(r2->items[0].total_charges.to_string(), "356.42");
}

// -- malformed input --------------------------------------------------------------

TEST(malformed, truncated_answer) {
  std::string body = read_fixture("time_report_page1.json");
  for (std::size_t cut : {std::size_t{0}, std::size_t{1}, body.size() / 2, body.size() - 3}) {
    auto r = parse_time_report_page(body.substr(0, cut));
    ASSERT_FALSE(r.has_value()) << cut;
    EXPECT_EQ(r.error().kind, error_kind::malformed);
    EXPECT_EQ(r.error().message.rfind("invalid JSON", 0), 0u) << r.error().message;
  }
}

TEST(malformed, bad_utf8) {
  auto r = parse_organization("{\"data\":{\"organization\":{\"id\":\"1\",\"name\":\"\xC3\x28\"}}}");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, error_kind::malformed);
  EXPECT_NE(r.error().message.find("UTF-8"), std::string::npos);
}

TEST(malformed, huge_numbers) {
  // Beyond 64 bits: the JSON parser refuses the document.
  auto r = parse_time_report_page(
    R"({"data":{"contractTimeReport":{"edges":[{"node":{"dateWorkedOn":"2026-08-03","contract":{"id":"1"},"totalHoursWorked":123456789012345678901234567890}}],"pageInfo":{"hasNextPage":false}}}})");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, error_kind::malformed);
  // Fits 64 bits but not a decimal of 64-bit coefficient.
  auto r2 = parse_time_report_page(
    R"({"data":{"contractTimeReport":{"edges":[{"node":{"dateWorkedOn":"2026-08-03","contract":{"id":"1"},"totalHoursWorked":"123456789012345678901.5"}}],"pageInfo":{"hasNextPage":false}}}})");
  // One row of the report is unusable: skipped and counted, the answer stands.
  ASSERT_TRUE(r2.ok());
  EXPECT_TRUE(r2->items.empty());
  EXPECT_EQ(r2.skipped(), 1u);
  EXPECT_EQ(r2.skip_reason().rfind("data.contractTimeReport.edges[0].node.totalHoursWorked: ", 0), 0u)
    << r2.skip_reason();
  auto r3 = parse_time_report_page(
    R"({"data":{"contractTimeReport":{"edges":[{"node":{"dateWorkedOn":"2026-08-03","contract":{"id":"1"},"totalHoursWorked":1e300}}],"pageInfo":{"hasNextPage":false}}}})");
  ASSERT_TRUE(r3.ok());
  EXPECT_EQ(r3.skipped(), 1u);
  EXPECT_EQ(r3.skip_reason(), "data.contractTimeReport.edges[0].node.totalHoursWorked: number out of range");
  // A count nobody decides on reads as unknown.
  auto r4 = parse_staffs_page(
    R"({"data":{"organization":{"staffs":{"totalCount":18446744073709551615,"edges":[],"pageInfo":{"hasNextPage":false}}}}})");
  ASSERT_TRUE(r4.ok());
  EXPECT_FALSE(r4->total_count.has_value());
}

TEST(malformed, wrong_root_and_data_shapes) {
  EXPECT_EQ(parse_work_days("[]").error().message, "(root): expected object, got array");
  EXPECT_EQ(parse_work_days("{}").error().message, "data: missing");
  EXPECT_EQ(parse_work_days(R"({"data":"x"})").error().message, "data: expected object, got string");
  EXPECT_EQ(parse_work_days(R"({"data":{}})").error().message, "data.workDays: missing");
  EXPECT_EQ(parse_work_days(R"({"data":{"workDays":{"workDays":{}}}})").error().message,
            "data.workDays.workDays: expected array, got object");
}

TEST(malformed, null_lists_are_empty_but_missing_lists_are_refused) {
  auto staffs =
    parse_staffs_page(R"({"data":{"organization":{"staffs":{"edges":null,"pageInfo":{"hasNextPage":false}}}}})");
  ASSERT_TRUE(staffs.ok()) << staffs.error().message;
  EXPECT_TRUE(staffs->items.empty());
  auto days = parse_work_days(R"({"data":{"workDays":{"workDays":null}}})");
  ASSERT_TRUE(days.ok());
  EXPECT_TRUE(days->empty());
  auto bare = parse_work_days(R"({"data":{"workDays":["20260801"]}})");
  ASSERT_TRUE(bare.ok()) << bare.error().message;
  EXPECT_EQ(bare->size(), 1u);
  // No cell list at all cannot be told from a day without time: refused.
  auto diary = parse_work_diary(R"({"data":{"workDiaryContract":{"workDiaryMetadata":null}}})");
  ASSERT_FALSE(diary.has_value());
  EXPECT_EQ(diary.error().message, "data.workDiaryContract.workDiaryTimeCells: missing");
  auto report = parse_time_report_page(R"({"data":{"contractTimeReport":{"pageInfo":{"hasNextPage":false}}}})");
  ASSERT_FALSE(report.has_value());
  EXPECT_EQ(report.error().message, "data.contractTimeReport.edges: missing");
}

TEST(malformed, null_item_in_a_list_without_errors_is_skipped_and_counted) {
  auto r = parse_work_days(R"({"data":{"workDays":{"workDays":["20260801",null]}}})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->size(), 1u);
  EXPECT_EQ(r.skipped(), 1u);
  EXPECT_EQ(r.skip_reason(), "data.workDays.workDays[1]: is null");
}

// -- GraphQL errors -----------------------------------------------------------------

TEST(graphql_errors, missing_scope_is_permanent) {
  auto r = parse_organization(read_fixture("error_scope.json"));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, error_kind::permanent);
  EXPECT_NE(r.error().message.find("ExecutionAborted"), std::string::npos);
}

TEST(graphql_errors, validation_error_is_permanent) {
  auto r = parse_organization(read_fixture("error_validation.json"));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, error_kind::permanent);
  EXPECT_EQ(r.error().http_status, 200);
}

TEST(graphql_errors, unknown_classification_is_retryable) {
  auto r = parse_organization(R"({"errors":[{"message":"Internal error"}],"data":null})");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, error_kind::retryable);
}

TEST(graphql_errors, unauthenticated_is_auth) {
  auto r = parse_organization(R"({"errors":[{"message":"Unauthorized","extensions":{"code":"UNAUTHENTICATED"}}]})");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, error_kind::auth);
}

TEST(graphql_errors, permanent_wins_over_retryable) {
  auto r = parse_organization(R"({"errors":[{"message":"x","extensions":{"classification":"DataFetchingException"}},)"
                              R"({"message":"y","extensions":{"classification":"ValidationError"}}],"data":null})");
  EXPECT_EQ(r.error().kind, error_kind::permanent);
}

TEST(graphql_errors, partial_data_beside_errors_is_kept) {
  auto r =
    parse_organization(R"({"errors":[{"message":"typeTitle","extensions":{"classification":"DataFetchingException"}}],)"
                       R"("data":{"organization":{"id":"7","name":"Seven","type":null}}})");
  ASSERT_TRUE(r.partial());
  EXPECT_EQ(r->id, "7");
}

} // namespace
} // namespace upsync::upwork
