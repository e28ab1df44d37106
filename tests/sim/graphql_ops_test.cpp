// Every GraphQL operation over HTTP: shapes, paging to the end in both argument styles.
#include "sim/civil_time.hpp"
#include "tests/sim/sim_fixture.hpp"

#include <set>

namespace upsync::sim::testing {
namespace {

class graphql_ops : public sim_test {
protected:
  void SetUp() override {
    auto o = test_options();
    o.scale.orgs = 12;
    o.scale.members_per_org = 7;
    o.scale.contracts_per_org = 12;
    start(o);
  }

  const dataset& data() { return sim_->state().w.data(); }

  std::string org_id_of_kind(org_kind kind) {
    for (std::uint32_t o = 0; o < data().org_count(); ++o)
      if (data().org(o).kind == kind)
        return data().org(o).id;
    return {};
  }

  /// Pages a cursor connection at `pointer` to its end. `make_query(after)` builds the
  /// query for a page: `after` is "" for the first. Returns every node id seen.
  template <class MakeQuery, class NodeId>
  std::vector<std::string> page_all(MakeQuery make_query, const std::string& pointer, NodeId node_id,
                                    const std::string& tenant = {}) {
    std::vector<std::string> ids;
    std::string after;
    for (int guard = 0; guard < 1000; ++guard) {
      auto [query, vars] = make_query(after);
      auto doc = graphql(query, vars, tenant);
      EXPECT_FALSE(doc.has("/errors")) << query;
      if (doc.has("/errors"))
        break;
      auto n = doc.size(pointer + "/edges");
      for (std::size_t i = 0; i < n; ++i)
        ids.push_back(node_id(doc, pointer + "/edges/" + std::to_string(i) + "/node"));
      if (!doc.boolean(pointer + "/pageInfo/hasNextPage"))
        break;
      after = doc.str(pointer + "/pageInfo/endCursor");
    }
    return ids;
  }
};

TEST_F(graphql_ops, company_selector_and_organization_show_each_kind_as_the_spec_table) {
  struct expected {
    org_kind kind;
    const char* type;
    const char* legacy;
    bool client, vendor, agency, individual;
  };
  for (auto e : {expected{org_kind::agency, "Business", "Vendor", false, true, true, false},
                 expected{org_kind::client, "Business", "Client", true, false, false, false},
                 expected{org_kind::freelancer, "SoleProprietor", "Vendor", false, true, false, true}}) {
    auto id = org_id_of_kind(e.kind);
    auto doc = graphql("query { organization { id rid legacyId name type legacyType "
                       "flag { client vendor agency individual } } }",
                       {}, id);
    EXPECT_EQ(doc.str("/data/organization/id"), id);
    EXPECT_EQ(doc.str("/data/organization/type"), e.type);
    EXPECT_EQ(doc.str("/data/organization/legacyType"), e.legacy);
    EXPECT_EQ(doc.boolean("/data/organization/flag/client"), e.client);
    EXPECT_EQ(doc.boolean("/data/organization/flag/vendor"), e.vendor);
    EXPECT_EQ(doc.boolean("/data/organization/flag/agency"), e.agency);
    EXPECT_EQ(doc.boolean("/data/organization/flag/individual"), e.individual);
  }
  auto doc = graphql("query { companySelector { items { title organizationId organizationRid "
                     "organizationType organizationLegacyType } } }");
  ASSERT_EQ(doc.size("/data/companySelector/items"), data().org_count());
  EXPECT_EQ(doc.str("/data/companySelector/items/0/organizationId").size(), 19u);
}

TEST_F(graphql_ops, only_selected_fields_are_returned) {
  auto doc = graphql("{ organization { name } }");
  EXPECT_EQ(doc.size("/data/organization"), 1u);
  EXPECT_TRUE(doc.has("/data/organization/name"));
  EXPECT_FALSE(doc.has("/data/organization/id"));
}

TEST_F(graphql_ops, staffs_page_to_the_end_with_inline_literals_and_with_variables) {
  auto agency = org_id_of_kind(org_kind::agency);
  auto node_id = [](const json_doc& d, const std::string& p) { return d.str(p + "/user/id"); };
  auto inline_ids = page_all(
    [](const std::string& after) {
      std::string args = after.empty() ? "first: 2" : "first: 2, after: \"" + after + "\"";
      return std::pair{"{ organization { staffs(pagination: {" + args
                         + "}) { totalCount edges { node { id user { id name email } "
                           "activationStatus staffType } } pageInfo { endCursor hasNextPage } } } }",
                       std::string{}};
    },
    "/data/organization/staffs", node_id, agency);
  auto var_ids = page_all(
    [](const std::string& after) {
      return std::pair{std::string{"query Staff($p: Pagination) { organization { staffs(pagination: "
                                   "$p) { edges { node { user { id } } } pageInfo { endCursor "
                                   "hasNextPage } } } }"},
                       after.empty() ? std::string{"{\"p\":{\"first\":2}}"}
                                     : "{\"p\":{\"first\":2,\"after\":\"" + after + "\"}}"};
    },
    "/data/organization/staffs", node_id, agency);
  EXPECT_EQ(inline_ids.size(), 7u);
  EXPECT_EQ(inline_ids, var_ids);
  EXPECT_EQ(std::set<std::string>(inline_ids.begin(), inline_ids.end()).size(), 7u);
}

TEST_F(graphql_ops, client_offers_page_to_the_end_and_cap_the_page_at_50) {
  auto client = org_id_of_kind(org_kind::client);
  auto index = *data().find_org(client);
  auto expected = data().contracts_of(index).size();
  ASSERT_GT(expected, 5u);
  auto node_id = [](const json_doc& d, const std::string& p) { return d.str(p + "/contractDetails/id"); };
  auto ids = page_all(
    [](const std::string& after) {
      return std::pair{std::string{"query($first: Int, $after: String) { organization { "
                                   "clientOffers(pagination: {first: $first, after: $after}) { "
                                   "edges { node { contractDetails { id title status } } } "
                                   "pageInfo { endCursor hasNextPage } } } }"},
                       after.empty() ? std::string{"{\"first\":5}"} : "{\"first\":5,\"after\":\"" + after + "\"}"};
    },
    "/data/organization/clientOffers", node_id, client);
  EXPECT_EQ(ids.size(), expected);
  auto big = graphql("{ organization { clientOffers(pagination: {first: 500}) { edges { cursor } "
                     "} } }",
                     {}, client);
  EXPECT_LE(big.size("/data/organization/clientOffers/edges"), 50u);
}

TEST_F(graphql_ops, vendor_contracts_page_by_offset_to_the_end_with_status_filter) {
  auto agency = org_id_of_kind(org_kind::agency);
  std::set<std::string> seen;
  for (long offset = 0;; offset += 5) {
    auto doc = graphql("query($vendor: String, $offset: Int) { vendorContracts(filter: {vendorId: $vendor, "
                       "contractStatuses: [ACTIVE, PAUSED, CLOSED]}, options: {addTerms: true}, paging: {limit: "
                       "5, "
                       "offset: $offset}) { paging { limit offset } contracts { ...ContractDetails } } }\n"
                       "fragment ContractDetails on ContractDetails { id status deliveryModel vendorOrganization "
                       "{ "
                       "id } terms { hourlyTerms { hourlyRate { rawValue } } fixedPriceTerms { id } } }",
                       "{\"vendor\":\"" + agency + "\",\"offset\":" + std::to_string(offset) + "}");
    ASSERT_FALSE(doc.has("/errors"));
    EXPECT_EQ(doc.num("/data/vendorContracts/paging/offset"), offset);
    auto n = doc.size("/data/vendorContracts/contracts");
    for (std::size_t i = 0; i < n; ++i) {
      auto p = "/data/vendorContracts/contracts/" + std::to_string(i);
      EXPECT_EQ(doc.str(p + "/vendorOrganization/id"), agency);
      seen.insert(doc.str(p + "/id"));
    }
    if (n < 5)
      break;
  }
  EXPECT_EQ(seen.size(), data().contracts_of(*data().find_org(agency)).size());
  auto active = graphql("{ vendorContracts(filter: {vendorId: \"" + agency
                        + "\", contractStatuses: [ACTIVE]}, paging: {limit: 100, offset: 0}) { "
                          "contracts { status } } }");
  for (std::size_t i = 0; i < active.size("/data/vendorContracts/contracts"); ++i)
    EXPECT_EQ(active.str("/data/vendorContracts/contracts/" + std::to_string(i) + "/status"), "ACTIVE");
}

TEST_F(graphql_ops, contract_details_and_list_carry_the_rate_history) {
  // Find a contract with a rate history.
  const contract_record* found = nullptr;
  contract_record c;
  for (std::uint32_t i = 0; i < data().contract_count() && !found; ++i) {
    c = data().contract(i);
    if (c.hourly_terms.size() > 1)
      found = &c;
  }
  ASSERT_TRUE(found);
  auto doc = graphql("{ contractDetails(id: \"" + c.id
                     + "\") { id title status deliveryModel kind createDate modifyDate startDate "
                       "endDate freelancer { id rid name email } clientOrganization { id name } "
                       "vendorOrganization { id name } terms { hourlyTerms { id hourlyRate { "
                       "rawValue currency displayValue } startDate endDate manualTimeAllowed } } } }");
  ASSERT_FALSE(doc.has("/errors"));
  EXPECT_EQ(doc.size("/data/contractDetails/terms/hourlyTerms"), c.hourly_terms.size());
  EXPECT_EQ(doc.str("/data/contractDetails/terms/hourlyTerms/0/hourlyRate/rawValue"),
            money_raw(c.hourly_terms[0].rate_cents));
  EXPECT_EQ(doc.str("/data/contractDetails/terms/hourlyTerms/0/hourlyRate/currency"), "USD");
  EXPECT_EQ(doc.str("/data/contractDetails/terms/hourlyTerms/0/hourlyRate/displayValue"),
            "$" + money_raw(c.hourly_terms[0].rate_cents));
  EXPECT_EQ(doc.str("/data/contractDetails/terms/hourlyTerms/0/startDate"),
            format_iso_day(c.hourly_terms[0].start_day));
  EXPECT_EQ(doc.str("/data/contractDetails/freelancer/id"), c.freelancer.id);

  auto other = data().contract(c.index == 0 ? 1 : 0);
  auto list = graphql("query($ids: [ID!]!) { contractList(ids: $ids) { contracts { id } } }",
                      "{\"ids\":[\"" + c.id + "\"," + other.id + ",\"99999999\"]}");
  ASSERT_EQ(list.size("/data/contractList/contracts"), 2u); // numbers accepted, unknown skipped
  EXPECT_EQ(list.str("/data/contractList/contracts/0/id"), c.id);
  EXPECT_EQ(list.str("/data/contractList/contracts/1/id"), other.id);
}

TEST_F(graphql_ops, fixed_price_contracts_have_fixed_terms_and_no_hourly_terms) {
  for (std::uint32_t i = 0; i < data().contract_count(); ++i) {
    auto c = data().contract(i);
    if (c.hourly)
      continue;
    auto doc = graphql("{ contractDetails(id: \"" + c.id
                       + "\") { deliveryModel terms { "
                         "hourlyTerms { id } fixedPriceTerms { id fixedAmount { rawValue } } } } }");
    EXPECT_EQ(doc.str("/data/contractDetails/deliveryModel"), "FIXED_PRICE");
    EXPECT_EQ(doc.size("/data/contractDetails/terms/hourlyTerms"), 0u);
    EXPECT_EQ(doc.size("/data/contractDetails/terms/fixedPriceTerms"), 1u);
    return;
  }
  FAIL() << "no fixed-price contract generated";
}

TEST_F(graphql_ops, unknown_contract_gives_null_and_an_error) {
  auto doc = graphql("{ contractDetails(id: \"12345678\") { id } }");
  EXPECT_TRUE(doc.is_null("/data/contractDetails"));
  EXPECT_TRUE(doc.has("/errors/0/message"));
}

TEST_F(graphql_ops, work_days_take_yyyymmdd_and_iso_dates_fail_silently) {
  auto c = data().contract(0);
  for (std::uint32_t i = 0; !c.hourly || c.status != contract_status::active; ++i)
    c = data().contract(i);
  auto today = sim_->state().w.today();
  auto from = format_compact_day(today - 27), to = format_compact_day(today);
  auto doc = graphql("query($in: WorkdaysInput!) { workDays(workdaysInput: $in) { workDays } }",
                     "{\"in\":{\"contractIds\":[\"" + c.id + "\"],\"timeRange\":{\"rangeStart\":\"" + from
                       + "\",\"rangeEnd\":\"" + to + "\"}}}");
  std::size_t expected = sim_->state().w.totals(c, today - 27, today).size();
  ASSERT_EQ(doc.size("/data/workDays/workDays"), expected);
  if (expected > 0) {
    EXPECT_EQ(doc.str("/data/workDays/workDays/0").size(), 8u);
  }
  auto iso =
    graphql("{ workDays(workdaysInput: {contractIds: [\"" + c.id + "\"], timeRange: {rangeStart: \""
            + format_iso_day(today - 27) + "\", rangeEnd: \"" + format_iso_day(today) + "\"}}) { workDays } }");
  EXPECT_FALSE(iso.has("/errors"));
  EXPECT_EQ(iso.size("/data/workDays/workDays"), 0u);
}

TEST_F(graphql_ops, work_diary_cells_are_ten_minute_slots_with_metadata) {
  auto& w = sim_->state().w;
  for (std::uint32_t i = 0; i < data().contract_count(); ++i) {
    auto c = data().contract(i);
    for (auto day = w.today() - 1; day > w.today() - 30; --day) {
      auto cells = w.cells(c, day);
      if (cells.empty())
        continue;
      auto doc = graphql("{ workDiaryContract(workDiaryContractInput: {contractId: \"" + c.id + "\", date: \""
                         + format_compact_day(day)
                         + "\"}) { workDiaryMetadata { timezoneOffset archivingDateTime } "
                           "workDiaryTimeCells { cellDateTime { rawValue } manual overtime "
                           "activityLevel memo task { id description } } } }");
      ASSERT_EQ(doc.size("/data/workDiaryContract/workDiaryTimeCells"), cells.size());
      auto raw = doc.str("/data/workDiaryContract/workDiaryTimeCells/0/cellDateTime/rawValue");
      EXPECT_EQ(raw, std::to_string(cells[0].start_ms));
      EXPECT_EQ(std::stoll(raw) % 600000, 0);
      EXPECT_TRUE(doc.has("/data/workDiaryContract/workDiaryMetadata/archivingDateTime"));
      return;
    }
  }
  FAIL() << "no contract-day with cells";
}

TEST_F(graphql_ops, time_report_pages_to_the_end_in_both_argument_styles) {
  auto client = org_id_of_kind(org_kind::client);
  auto today = sim_->state().w.today();
  auto from = format_iso_day(today - 13), to = format_iso_day(today - 1);
  auto node_id = [](const json_doc& d, const std::string& p) {
    EXPECT_EQ(d.str(p + "/dateWorkedOn").size(), 10u);
    return d.str(p + "/dateWorkedOn") + "/" + d.str(p + "/contract/id");
  };
  auto inline_rows = page_all(
    [&](const std::string& after) {
      std::string pag = after.empty() ? "first: 7" : "first: 7, after: \"" + after + "\"";
      return std::pair{"{ contractTimeReport(filter: {organizationId_eq: \"" + client
                         + "\", timeReportDate_bt: {rangeStart: \"" + from + "\", rangeEnd: \"" + to
                         + "\"}}, pagination: {" + pag
                         + "}) { totalCount edges { cursor node { dateWorkedOn contract { id } "
                           "freelancer { id } task memo totalHoursWorked totalCharges } } "
                           "pageInfo { endCursor hasNextPage } } }",
                       std::string{}};
    },
    "/data/contractTimeReport", node_id);
  auto var_rows = page_all(
    [&](const std::string& after) {
      // The compact date form is accepted too.
      std::string vars = "{\"f\":{\"organizationId_eq\":\"" + client + "\",\"timeReportDate_bt\":{\"rangeStart\":\""
                         + format_compact_day(today - 13) + "\",\"rangeEnd\":\"" + format_compact_day(today - 1)
                         + "\"}},\"p\":{\"first\":7" + (after.empty() ? "" : ",\"after\":\"" + after + "\"") + "}}";
      return std::pair{std::string{"query Report($f: TimeReportFilter, $p: Pagination) { "
                                   "contractTimeReport(filter: $f, pagination: $p) { edges { "
                                   "node { dateWorkedOn contract { id } } } pageInfo { endCursor "
                                   "hasNextPage } } }"},
                       vars};
    },
    "/data/contractTimeReport", node_id);
  EXPECT_GT(inline_rows.size(), 7u);
  EXPECT_EQ(inline_rows, var_rows);
  EXPECT_EQ(std::set<std::string>(inline_rows.begin(), inline_rows.end()).size(), inline_rows.size());
}

TEST_F(graphql_ops, unknown_operations_and_fields_answer_200_with_validation_errors) {
  auto res = post_graphql("{ organization { id nonsense } timeMachine { year } }");
  ASSERT_EQ(res.status, 200);
  json_doc doc{res.body};
  ASSERT_EQ(doc.size("/errors"), 2u);
  EXPECT_EQ(doc.str("/errors/0/extensions/classification"), "ValidationError");
  EXPECT_NE(doc.str("/errors/0/message").find("nonsense"), std::string::npos);
  EXPECT_NE(doc.str("/errors/1/message").find("timeMachine"), std::string::npos);
  EXPECT_EQ(doc.num("/errors/0/locations/0/line"), 1);
  EXPECT_FALSE(doc.has("/data"));
}

TEST_F(graphql_ops, syntax_errors_and_missing_subselections_are_reported) {
  auto bad = graphql("{ organization { id ");
  EXPECT_EQ(bad.str("/errors/0/extensions/classification"), "InvalidSyntax");
  auto leafless = graphql("{ organization }");
  EXPECT_EQ(leafless.str("/errors/0/extensions/classification"), "ValidationError");
}

TEST_F(graphql_ops, type_title_aborts_without_scope) {
  auto doc = graphql("{ organization { id typeTitle } }");
  EXPECT_EQ(doc.str("/errors/0/extensions/classification"), "ExecutionAborted");
  EXPECT_NE(doc.str("/errors/0/message").find("oauth2 permissions/scopes"), std::string::npos);
  EXPECT_TRUE(doc.is_null("/data"));
}

TEST_F(graphql_ops, typename_aliases_and_several_operations_by_name) {
  auto doc = graphql("query A { x: organization { __typename theId: id } } query B { "
                     "companySelector { items { title } } }");
  EXPECT_TRUE(doc.has("/errors")); // two operations and no operationName
  auto body = "{\"query\":\"query A { x: organization { __typename theId: id } } query B { "
              "companySelector { items { title } } }\",\"operationName\":\"A\"}";
  auto res = http().post("/graphql", body, "application/json", {{"Authorization", "Bearer " + token_}});
  json_doc named{res.body};
  EXPECT_EQ(named.str("/data/x/__typename"), "Organization");
  EXPECT_EQ(named.str("/data/x/theId").size(), 19u);
}

TEST_F(graphql_ops, requests_without_a_valid_bearer_token_get_401) {
  EXPECT_EQ(http().post("/graphql", graphql_body("{ organization { id } }"), "application/json").status, 401);
  EXPECT_EQ(post_graphql("{ organization { id } }", {}, {}, "oauth2v2_nope").status, 401);
}

} // namespace
} // namespace upsync::sim::testing
