// Parsers for every Upwork GraphQL answer: response body in, validated domain structs out.
#pragma once

#include "protocol/upwork/result.hpp"
#include "protocol/upwork/types.hpp"

#include <string_view>
#include <vector>

namespace upsync::upwork {

// Every parser takes the complete HTTP body of a 200 answer. On a shape error the result
// is `malformed` with the JSON path in its message, e.g.
// "data.organization.staffs.edges[3].node.user.id: expected string, got boolean".
// When the answer carries GraphQL `errors` next to `data`, the result holds both: the
// items that arrived intact and the classified error (see graphql_response.hpp).

/// `companySelector { items { ... } }`
result<std::vector<company_selector_item>> parse_company_selector(std::string_view body);
/// `organization { id rid legacyId name type legacyType flag { ... } }`
result<organization> parse_organization(std::string_view body);
/// `organization { staffs(...) { totalCount edges { node { ... } } pageInfo { ... } } }`
result<page<staff_member>> parse_staffs_page(std::string_view body);
/// `vendorContracts(...) { paging { limit offset } contracts { ... } }`
result<contract_offset_page> parse_vendor_contracts_page(std::string_view body);
/// `organization { clientOffers(...) { edges { node { contractDetails { ... } } } pageInfo } }`
result<page<contract>> parse_client_offers_page(std::string_view body);
/// `contractDetails(id: ...) { ... }`
result<contract> parse_contract_details(std::string_view body);
/// `contractList(ids: [...]) { contracts { ... } }`
result<std::vector<contract>> parse_contract_list(std::string_view body);
/// `workDays(...) { workDays }`: the days with tracked time, sorted, unique.
result<std::vector<date>> parse_work_days(std::string_view body);
/// `workDiaryContract(...) { workDiaryMetadata { ... } workDiaryTimeCells { ... } }`
result<work_diary> parse_work_diary(std::string_view body);
/// The answer to queries::work_diary_contracts of `count` contract-days: one result per
/// day, each a diary or that day's own error (see parse_graphql_aliases).
result<std::vector<result<work_diary>>> parse_work_diaries(std::string_view body, std::size_t count);
/// `contractTimeReport(...) { totalCount edges { cursor node { ... } } pageInfo { ... } }`
result<page<time_report_row>> parse_time_report_page(std::string_view body);

} // namespace upsync::upwork
