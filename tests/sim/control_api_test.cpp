// The control API: info, orgs, contracts, stats by operation and status, clock.
#include "tests/sim/sim_fixture.hpp"

#include "sim/civil_time.hpp"

namespace upsync::sim::testing {
namespace {

class control_api : public sim_test {
protected:
  void SetUp() override { start(); }
};

TEST_F(control_api, info_reports_the_dataset_and_the_clock) {
  json_doc doc{http().get("/__control/info").body};
  EXPECT_EQ(doc.str("/preset"), "generated");
  EXPECT_EQ(doc.num("/orgs"), 12);
  EXPECT_EQ(doc.num("/contracts"), 48);
  EXPECT_EQ(doc.str("/today"), "2026-08-15");
  EXPECT_EQ(doc.str("/now"), "2026-08-15T12:00:00.000Z");
  EXPECT_TRUE(doc.boolean("/frozen_clock"));
}

TEST_F(control_api, orgs_members_and_contracts_are_listed_with_rates) {
  json_doc orgs{http().get("/__control/orgs?offset=0&limit=5").body};
  EXPECT_EQ(orgs.num("/total"), 12);
  ASSERT_EQ(orgs.size("/orgs"), 5u);
  auto id = orgs.str("/orgs/0/id");
  json_doc org{http().get("/__control/orgs/" + id).body};
  EXPECT_EQ(org.str("/kind"), "agency");
  EXPECT_EQ(org.size("/members"), 6u);
  ASSERT_GT(org.size("/contracts"), 0u);
  json_doc contracts{http().get("/__control/contracts?org=" + id).body};
  EXPECT_EQ(contracts.size("/contracts"), org.size("/contracts"));
  auto cid = org.str("/contracts/0");
  json_doc contract{http().get("/__control/contracts/" + cid).body};
  EXPECT_EQ(contract.str("/id"), cid);
  EXPECT_TRUE(contract.has("/rates"));
  EXPECT_EQ(http().get("/__control/contracts/00000000").status, 404);
  EXPECT_EQ(http().get("/__control/nothing").status, 404);
}

TEST_F(control_api, statistics_count_by_operation_and_status_and_reset) {
  token_ = token();
  ASSERT_EQ(control_post("/__control/stats/reset", "{}").status, 200);
  graphql("{ organization { id } }");
  graphql("{ organization { id } }");
  graphql("{ companySelector { items { title } } }");
  post_graphql("{ organization { id } }", {}, {}, "oauth2v2_bad");
  json_doc stats{http().get("/__control/stats").body};
  EXPECT_EQ(stats.num("/by_operation/organization/200"), 2);
  EXPECT_EQ(stats.num("/by_operation/companySelector/200"), 1);
  EXPECT_EQ(stats.num("/by_operation/graphql.unauthorized/401"), 1);
  EXPECT_EQ(stats.num("/by_status/200"), 3);
  EXPECT_EQ(stats.num("/total"), 4); // control calls never count
  EXPECT_EQ(sim_->state().stats.count("organization", 200), 2u);
  ASSERT_EQ(control_post("/__control/stats/reset", "{}").status, 200);
  EXPECT_EQ(json_doc{http().get("/__control/stats").body}.num("/total"), 0);
}

TEST_F(control_api, the_clock_advances_and_never_goes_back) {
  json_doc moved{control_post("/__control/clock/advance", "{\"days\":1,\"minutes\":30}").body};
  EXPECT_EQ(moved.str("/now"), "2026-08-16T12:30:00.000Z");
  EXPECT_EQ(control_post("/__control/clock/advance", "{\"seconds\":-5}").status, 400);
}

TEST_F(control_api, the_demo_preset_serves_the_named_organizations) {
  auto o = test_options();
  o.preset = "demo";
  sim_->stop();
  start(o);
  token_.clear();
  auto doc = graphql("{ companySelector { items { title organizationType } } }");
  std::vector<std::string> titles;
  for (std::size_t i = 0; i < doc.size("/data/companySelector/items"); ++i)
    titles.push_back(doc.str("/data/companySelector/items/" + std::to_string(i) + "/title"));
  EXPECT_EQ(titles, (std::vector<std::string>{"Nomadic Soft", "Acme Corp", "John Smith", "Globex GmbH"}));
  auto staff = graphql("{ organization { staffs(pagination: {first: 10}) { edges { node { user "
                       "{ name } } } } } }");
  EXPECT_EQ(staff.str("/data/organization/staffs/edges/1/node/user/name"), "José Müller");
}

// ---- run-time changes: contracts, rates, status, members --------------------------------

class control_changes : public sim_test {
protected:
  void SetUp() override {
    start();
    token_ = token();
  }
  const dataset& data() { return sim_->state().w.data(); }
  std::string org_of_kind(org_kind kind) {
    for (std::uint32_t o = 0; o < data().org_count(); ++o)
      if (data().org(o).kind == kind)
        return data().org(o).id;
    return {};
  }
  std::string day(int offset) { return format_iso_day(sim_->state().w.today() + offset); }
  json_doc truth(const std::string& id, const std::string& from, const std::string& to) {
    auto r = http().get("/__control/truth?contract=" + id + "&from=" + from + "&to=" + to + "&cells=false");
    EXPECT_EQ(r.status, 200) << r.body;
    return json_doc{r.body};
  }
  /// A new hourly contract of the first agency with the first client; its id.
  std::string hourly_contract(const std::string& title, const std::string& rate, int start) {
    auto r =
      control_post("/__control/contracts", "{\"org\":\"" + org_of_kind(org_kind::agency) + "\",\"client_org\":\""
                                             + org_of_kind(org_kind::client) + "\",\"title\":\"" + title
                                             + "\",\"rate\":\"" + rate + "\",\"start_date\":\"" + day(start) + "\"}");
    EXPECT_EQ(r.status, 201) << r.body;
    return json_doc{r.body}.str("/id");
  }
  json_doc details(const std::string& id) {
    auto doc = graphql("{ contractDetails(id: \"" + id
                       + "\") { id title status deliveryModel "
                         "freelancer { id name } clientOrganization { id name } vendorOrganization "
                         "{ id } terms { hourlyTerms { id hourlyRate { rawValue } startDate endDate "
                         "} fixedPriceTerms { id } } } }");
    EXPECT_FALSE(doc.has("/errors")) << id;
    return doc;
  }
};

TEST_F(control_changes, an_added_hourly_contract_speaks_the_api_and_has_work_diary_time) {
  auto agency = org_of_kind(org_kind::agency);
  auto client = org_of_kind(org_kind::client);
  auto staff = json_doc{http().get("/__control/orgs/" + agency).body};
  auto who = staff.str("/members/1/user_id");
  auto r = control_post("/__control/contracts",
                        "{\"org\":\"" + agency + "\",\"client_org\":\"" + client + "\",\"freelancer\":\"" + who
                          + "\",\"title\":\"Search relaunch\",\"rate\":\"42.50\",\"start_date\":\"" + day(-20) + "\"}");
  ASSERT_EQ(r.status, 201) << r.body;
  json_doc made{r.body};
  auto id = made.str("/id");
  EXPECT_EQ(id.size(), 8u);
  EXPECT_EQ(made.str("/status"), "ACTIVE");
  EXPECT_EQ(made.str("/rates/0/rate"), "42.50");

  auto doc = details(id);
  EXPECT_EQ(doc.str("/data/contractDetails/title"), "Search relaunch");
  EXPECT_EQ(doc.str("/data/contractDetails/deliveryModel"), "HOURLY");
  EXPECT_EQ(doc.str("/data/contractDetails/freelancer/id"), who);
  EXPECT_EQ(doc.str("/data/contractDetails/clientOrganization/id"), client);
  EXPECT_EQ(doc.str("/data/contractDetails/vendorOrganization/id"), agency);
  EXPECT_EQ(doc.str("/data/contractDetails/terms/hourlyTerms/0/hourlyRate/rawValue"), "42.50");
  EXPECT_EQ(doc.str("/data/contractDetails/terms/hourlyTerms/0/startDate"), day(-20));

  // Listed on both sides, and it holds time from its start (not before).
  json_doc org{http().get("/__control/orgs/" + agency).body};
  bool listed = false;
  for (std::size_t i = 0; i < org.size("/contracts"); ++i)
    listed = listed || org.str("/contracts/" + std::to_string(i)) == id;
  EXPECT_TRUE(listed);
  auto t = truth(id, day(-30), day(0));
  EXPECT_GT(t.num("/total_cells"), 0);
  EXPECT_GE(t.str("/days/0/date"), day(-20));
  EXPECT_EQ(t.str("/days/0/rate"), "42.50");

  // "work": false gives a contract with an empty diary.
  auto quiet = control_post("/__control/contracts", "{\"org\":\"" + agency + "\",\"client_org\":\"" + client
                                                      + "\",\"title\":\"Quiet\",\"rate\":\"10\",\"work\":false,"
                                                        "\"start_date\":\""
                                                      + day(-20) + "\"}");
  ASSERT_EQ(quiet.status, 201) << quiet.body;
  EXPECT_EQ(truth(json_doc{quiet.body}.str("/id"), day(-30), day(0)).num("/total_cells"), 0);
}

TEST_F(control_changes, a_new_freelancer_and_a_new_client_by_name_come_with_the_contract) {
  auto agency = org_of_kind(org_kind::agency);
  auto before = data().org_count();
  auto r = control_post("/__control/contracts", "{\"org\":\"" + agency
                                                  + "\",\"client_name\":\"Initech\",\"new_freelancer\":{\"name\":\"Ada "
                                                    "Lovelace\",\"email\":\"ada@example.com\"},\"title\":\"Engines\","
                                                    "\"hourly\":false,\"fixed_amount\":\"1200\"}");
  ASSERT_EQ(r.status, 201) << r.body;
  json_doc made{r.body};
  EXPECT_EQ(made.str("/freelancer_name"), "Ada Lovelace");
  EXPECT_FALSE(made.boolean("/hourly"));
  EXPECT_EQ(made.str("/fixed_price/0/amount"), "1200.00");
  EXPECT_EQ(data().org_count(), before + 1);
  json_doc client{http().get("/__control/orgs/" + made.str("/client_org")).body};
  EXPECT_EQ(client.str("/name"), "Initech");
  EXPECT_EQ(client.str("/kind"), "client");
  auto staff = graphql("{ organization { staffs(pagination: {first: 100}) { edges { node { user "
                       "{ id name } } } } } }",
                       {}, agency);
  auto n = staff.size("/data/organization/staffs/edges");
  ASSERT_GT(n, 0u);
  EXPECT_EQ(staff.str("/data/organization/staffs/edges/" + std::to_string(n - 1) + "/node/user/name"), "Ada Lovelace");
  EXPECT_EQ(details(made.str("/id")).str("/data/contractDetails/deliveryModel"), "FIXED_PRICE");
}

TEST_F(control_changes, a_rate_change_ends_the_term_in_force_and_the_truth_follows_it) {
  auto id = hourly_contract("Raise", "30.00", -30);
  auto changed = control_post("/__control/contracts/" + id, "{\"rate\":\"36.00\",\"rate_from\":\"" + day(-10) + "\"}");
  ASSERT_EQ(changed.status, 200) << changed.body;
  auto doc = details(id);
  const std::string terms = "/data/contractDetails/terms/hourlyTerms";
  ASSERT_EQ(doc.size(terms), 2u);
  EXPECT_EQ(doc.str(terms + "/0/hourlyRate/rawValue"), "30.00");
  EXPECT_EQ(doc.str(terms + "/0/endDate"), day(-11));
  EXPECT_EQ(doc.str(terms + "/1/hourlyRate/rawValue"), "36.00");
  EXPECT_EQ(doc.str(terms + "/1/startDate"), day(-10));
  EXPECT_TRUE(doc.is_null(terms + "/1/endDate"));
  EXPECT_NE(doc.str(terms + "/0/id"), doc.str(terms + "/1/id"));
  auto t = truth(id, day(-30), day(0));
  for (std::size_t i = 0; i < t.size("/days"); ++i) {
    auto p = "/days/" + std::to_string(i);
    EXPECT_EQ(t.str(p + "/rate"), t.str(p + "/date") < day(-10) ? "30.00" : "36.00");
  }
  // A change from today on (no date): a third term.
  ASSERT_EQ(control_post("/__control/contracts/" + id, "{\"rate\":\"40\"}").status, 200);
  EXPECT_EQ(details(id).size(terms), 3u);
}

TEST_F(control_changes, pausing_cuts_time_from_now_and_keeps_the_past_closing_is_final) {
  auto id = hourly_contract("Pausable", "25", -40);
  auto past_before = truth(id, day(-40), day(0)).num("/total_cells");
  ASSERT_GT(past_before, 0);

  auto paused = control_post("/__control/contracts/" + id, "{\"status\":\"paused\"}");
  ASSERT_EQ(paused.status, 200) << paused.body;
  EXPECT_EQ(json_doc{paused.body}.str("/status"), "PAUSED");
  EXPECT_EQ(details(id).str("/data/contractDetails/status"), "PAUSED");
  EXPECT_EQ(truth(id, day(-40), day(0)).num("/total_cells"), past_before);
  ASSERT_EQ(control_post("/__control/clock/advance", "{\"days\":14}").status, 200);
  EXPECT_EQ(truth(id, day(-13), day(0)).num("/total_cells"), 0);
  EXPECT_EQ(truth(id, day(-54), day(-14)).num("/total_cells"), past_before);

  // Resumed: time again from now on.
  ASSERT_EQ(control_post("/__control/contracts/" + id, "{\"status\":\"active\"}").status, 200);
  ASSERT_EQ(control_post("/__control/clock/advance", "{\"days\":14}").status, 200);
  EXPECT_GT(truth(id, day(-13), day(0)).num("/total_cells"), 0);
  EXPECT_EQ(truth(id, day(-27), day(-14)).num("/total_cells"), 0);

  auto closed = control_post("/__control/contracts/" + id, "{\"status\":\"closed\"}");
  ASSERT_EQ(closed.status, 200);
  EXPECT_EQ(json_doc{closed.body}.str("/end_date"), day(0));
  EXPECT_EQ(control_post("/__control/contracts/" + id, "{\"status\":\"active\"}").status, 409);
  EXPECT_EQ(control_post("/__control/contracts/" + id, "{\"rate\":\"30\"}").status, 409);
}

TEST_F(control_changes, a_member_added_to_an_organization_is_staff_at_once) {
  auto agency = org_of_kind(org_kind::agency);
  auto r = control_post("/__control/orgs/" + agency + "/members",
                        "{\"name\":\"Grace Hopper\",\"email\":\"grace@example.com\"}");
  ASSERT_EQ(r.status, 201) << r.body;
  json_doc m{r.body};
  EXPECT_EQ(m.str("/name"), "Grace Hopper");
  EXPECT_EQ(m.str("/id").size(), 19u);
  auto staff = graphql("{ organization { staffs(pagination: {first: 100}) { totalCount edges { "
                       "node { id user { name email } } } } } }",
                       {}, agency);
  auto n = staff.size("/data/organization/staffs/edges");
  EXPECT_EQ(staff.str("/data/organization/staffs/edges/" + std::to_string(n - 1) + "/node/id"), m.str("/id"));
  // The new person can take a contract.
  auto c = control_post("/__control/contracts", "{\"org\":\"" + agency + "\",\"client_org\":\""
                                                  + org_of_kind(org_kind::client) + "\",\"freelancer\":\""
                                                  + m.str("/user_id") + "\",\"title\":\"Grace's\",\"rate\":\"50\"}");
  EXPECT_EQ(c.status, 201) << c.body;
}

TEST_F(control_changes, bad_requests_are_refused_and_change_nothing) {
  auto agency = org_of_kind(org_kind::agency);
  auto client = org_of_kind(org_kind::client);
  auto freelancer = org_of_kind(org_kind::freelancer);
  auto count = data().contract_count();
  auto orgs = data().org_count();
  auto post = [&](const std::string& body) { return control_post("/__control/contracts", body).status; };
  EXPECT_EQ(post("not json"), 400);
  EXPECT_EQ(post("{\"org\":\"1\",\"title\":\"x\",\"rate\":\"1\"}"), 404);
  EXPECT_EQ(post("{\"org\":\"" + agency + "\",\"client_org\":\"" + client + "\",\"rate\":\"1\"}"),
            400); // no title
  EXPECT_EQ(post("{\"org\":\"" + agency + "\",\"client_org\":\"" + client + "\",\"title\":\"x\",\"rate\":\"-1\"}"),
            400);
  EXPECT_EQ(post("{\"org\":\"" + agency + "\",\"client_org\":\"" + client + "\",\"title\":\"x\",\"rate\":\"1.234\"}"),
            400);
  EXPECT_EQ(post("{\"org\":\"" + agency + "\",\"client_org\":\"" + agency + "\",\"title\":\"x\",\"rate\":\"1\"}"),
            400); // the client side must be a client
  EXPECT_EQ(post("{\"org\":\"" + client + "\",\"title\":\"x\",\"rate\":\"1\"}"),
            400); // a client's contract needs a vendor
  EXPECT_EQ(post("{\"org\":\"" + agency
                 + "\",\"client_name\":\"Never Made\",\"freelancer\":\"1\","
                   "\"title\":\"x\",\"rate\":\"1\"}"),
            400); // not staff: and no client was created for it
  EXPECT_EQ(post("{\"org\":\"" + freelancer + "\",\"client_org\":\"" + client
                 + "\",\"new_freelancer\":{\"name\":\"Two\"},\"title\":\"x\",\"rate\":\"1\"}"),
            400);
  EXPECT_EQ(post("{\"org\":\"" + agency + "\",\"client_org\":\"" + client
                 + "\",\"title\":\"x\",\"rate\":\"1\",\"status\":\"sleeping\"}"),
            400);
  EXPECT_EQ(data().contract_count(), count);
  EXPECT_EQ(data().org_count(), orgs);

  auto existing = data().contract(0).id;
  EXPECT_EQ(control_post("/__control/contracts/00000000", "{\"status\":\"paused\"}").status, 404);
  EXPECT_EQ(control_post("/__control/contracts/" + existing, "{}").status, 400);
  EXPECT_EQ(control_post("/__control/contracts/" + existing, "{\"rate_from\":\"2026-08-01\"}").status, 400);
  EXPECT_EQ(control_post("/__control/orgs/" + freelancer + "/members", "{\"name\":\"X\"}").status, 400);
  EXPECT_EQ(control_post("/__control/orgs/" + agency + "/members", "{}").status, 400);
  EXPECT_EQ(control_post("/__control/orgs/123/members", "{\"name\":\"X\"}").status, 404);
}

} // namespace
} // namespace upsync::sim::testing
