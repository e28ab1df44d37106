// The control API: info, orgs, contracts, stats by operation and status, clock.
#include "tests/sim/sim_fixture.hpp"

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
  EXPECT_EQ(titles,
            (std::vector<std::string>{"Nomadic Soft", "Acme Corp", "John Smith", "Globex GmbH"}));
  auto staff = graphql("{ organization { staffs(pagination: {first: 10}) { edges { node { user "
                       "{ name } } } } } }");
  EXPECT_EQ(staff.str("/data/organization/staffs/edges/1/node/user/name"), "José Müller");
}

} // namespace
} // namespace upsync::sim::testing
