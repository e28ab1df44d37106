// The query texts and the variables that go with them.
#include "protocol/upwork/queries.hpp"

#include "common/json_writer.hpp"

namespace upsync::upwork::queries {

const char* const contract_details_fields =
  "id title status deliveryModel kind createDate modifyDate startDate endDate "
  "freelancer { id rid name email } clientOrganization { id name } "
  "vendorOrganization { id name } "
  "terms { hourlyTerms { id hourlyRate { rawValue currency displayValue } startDate endDate "
  "manualTimeAllowed } fixedPriceTerms { id fixedAmount { rawValue currency displayValue } } }";

namespace {

/// Starts `{"query": <text>, "variables": {` and leaves the variables object open.
json::writer start_body(const std::string& text) {
  json::writer w;
  w.begin_object().key("query").value(text).key("variables").begin_object();
  return w;
}

std::string finish(json::writer& w) {
  w.end_object().end_object();
  return std::move(w).str();
}

void id_list(json::writer& w, std::string_view name, const std::vector<std::string>& ids) {
  w.key(name).begin_array();
  for (const auto& id : ids)
    w.value(id);
  w.end_array();
}

} // namespace

std::string company_selector(bool with_photo) {
  auto w = start_body(with_photo ? "query companySelector { companySelector { items { title organizationId "
                                   "organizationRid organizationType organizationLegacyType photoUrl } } }"
                                 : "query companySelector { companySelector { items { title organizationId "
                                   "organizationRid organizationType organizationLegacyType } } }");
  return finish(w);
}

std::string organization() {
  auto w = start_body("query organization { organization { id rid legacyId name type legacyType "
                      "flag { client vendor agency individual } } }");
  return finish(w);
}

std::string staffs(int first, std::string_view after) {
  auto w = start_body("query staffs($first: Int!, $after: String) { organization { "
                      "staffs(pagination: {first: $first, after: $after}) { totalCount edges { node "
                      "{ id user { id name email } activationStatus staffType } } pageInfo { "
                      "endCursor hasNextPage } } } }");
  w.field("first", first);
  if (!after.empty())
    w.field("after", after);
  return finish(w);
}

std::string vendor_contracts(std::string_view vendor_id, std::int64_t limit, std::int64_t offset) {
  auto w = start_body(std::string{"query vendorContracts($vendorId: ID!, $limit: Int!, $offset: Int!) "
                                  "{ vendorContracts(filter: {vendorId: $vendorId, contractStatuses: "
                                  "[ACTIVE, PAUSED, CLOSED]}, options: {addTerms: true}, paging: "
                                  "{limit: $limit, offset: $offset}) { paging { limit offset } "
                                  "contracts { "}
                      + contract_details_fields + " } } }");
  w.field("vendorId", vendor_id).field("limit", limit).field("offset", offset);
  return finish(w);
}

std::string client_offers(int first, std::string_view after) {
  auto w = start_body(std::string{"query clientOffers($first: Int!, $after: String) { organization { "
                                  "clientOffers(pagination: {first: $first, after: $after}) { edges "
                                  "{ node { contractDetails { "}
                      + contract_details_fields + " } } } pageInfo { endCursor hasNextPage } } } }");
  w.field("first", first);
  if (!after.empty())
    w.field("after", after);
  return finish(w);
}

std::string contract_details(std::string_view contract_id) {
  auto w = start_body(std::string{"query contractDetails($id: ID!) { contractDetails(id: $id) { "}
                      + contract_details_fields + " } }");
  w.field("id", contract_id);
  return finish(w);
}

std::string contract_list(const std::vector<std::string>& contract_ids) {
  auto w = start_body(std::string{"query contractList($ids: [ID!]!) { contractList(ids: $ids) { "
                                  "contracts { "}
                      + contract_details_fields + " } } }");
  id_list(w, "ids", contract_ids);
  return finish(w);
}

std::string work_days(const std::vector<std::string>& contract_ids, const date_range& range) {
  auto w = start_body("query workDays($contractIds: [ID!]!, $rangeStart: String!, $rangeEnd: "
                      "String!) { workDays(workdaysInput: {contractIds: $contractIds, timeRange: "
                      "{rangeStart: $rangeStart, rangeEnd: $rangeEnd}}) { workDays } }");
  id_list(w, "contractIds", contract_ids);
  w.field("rangeStart", range.first.compact()).field("rangeEnd", range.last.compact());
  return finish(w);
}

namespace {
const char* const work_diary_fields = "workDiaryMetadata { timezoneOffset archivingDateTime } "
                                      "workDiaryTimeCells { cellDateTime { rawValue } manual overtime activityLevel "
                                      "memo task { id description } }";
} // namespace

std::string work_diary_contract(std::string_view contract_id, const date& day) {
  auto w = start_body(std::string{"query workDiaryContract($contractId: ID!, $date: String!) { "
                                  "workDiaryContract(workDiaryContractInput: {contractId: $contractId, date: "
                                  "$date}) { "}
                      + work_diary_fields + " } }");
  w.field("contractId", contract_id).field("date", day.compact());
  return finish(w);
}

std::string diary_alias(std::size_t index) { return "d" + std::to_string(index); }

std::string work_diary_contracts(const std::vector<contract_day>& days) {
  // Each contract-day is an aliased root field with its own variables ($c0/$t0, ...), so an
  // id or a date never needs escaping inside the query text.
  std::string params, fields;
  for (std::size_t i = 0; i < days.size(); ++i) {
    auto n = std::to_string(i);
    params += (i ? ", " : "") + ("$c" + n + ": ID!, $t" + n + ": String!");
    fields += " " + diary_alias(i) + ": workDiaryContract(workDiaryContractInput: {contractId: $c" + n + ", date: $t"
              + n + "}) { " + work_diary_fields + " }";
  }
  // Named as the single query: metrics and logs count it under the operation it is
  // (upsync_upwork_requests_total{operation="workDiaryContract"}), batched or not.
  auto w = start_body("query workDiaryContract(" + params + ") {" + fields + " }");
  for (std::size_t i = 0; i < days.size(); ++i) {
    auto n = std::to_string(i);
    w.field("c" + n, days[i].contract_id).field("t" + n, days[i].day.compact());
  }
  return finish(w);
}

std::string contract_time_report(std::string_view organization_id, const date_range& range,
                                 const std::vector<std::string>& contract_ids, int first, std::string_view after) {
  const bool by_contract = !contract_ids.empty();
  std::string text = "query contractTimeReport($organizationId: ID!, $rangeStart: String!, "
                     "$rangeEnd: String!, ";
  if (by_contract)
    text += "$contractIds: [ID!]!, ";
  text += "$first: Int!, $after: String) { contractTimeReport(filter: {organizationId_eq: "
          "$organizationId, timeReportDate_bt: {rangeStart: $rangeStart, rangeEnd: $rangeEnd}";
  if (by_contract)
    text += ", contractIds: $contractIds";
  text += "}, pagination: {first: $first, after: $after}) { totalCount edges { cursor node { "
          "dateWorkedOn contract { id } freelancer { id } task memo totalHoursWorked "
          "totalCharges } } pageInfo { endCursor hasNextPage } } }";
  auto w = start_body(text);
  w.field("organizationId", organization_id).field("rangeStart", range.first.iso()).field("rangeEnd", range.last.iso());
  if (by_contract)
    id_list(w, "contractIds", contract_ids);
  w.field("first", first);
  if (!after.empty())
    w.field("after", after);
  return finish(w);
}

} // namespace upsync::upwork::queries
