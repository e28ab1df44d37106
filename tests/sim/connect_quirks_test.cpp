// The connect quirks of the control API (sim/connect_quirks.hpp): photos in companySelector,
// a client's pending offers in clientOffers (contractDetails null, still the real shape),
// and a discovery failing for the next N companySelector requests.
#include "tests/sim/sim_fixture.hpp"

namespace upsync::sim::testing {
namespace {

class connect_quirks_test : public sim_test {
protected:
  void SetUp() override {
    start();
    token_ = token();
    auto& d = sim_->state().w.data();
    for (std::uint32_t i = 0; i < d.org_count() && client_id.empty(); ++i)
      if (d.org(i).kind == org_kind::client && !d.contracts_of(i).empty()) {
        client_id = d.org(i).id;
        client_contracts = d.contracts_of(i).size();
      }
    ASSERT_FALSE(client_id.empty());
  }

  json_doc offers(int first) {
    return graphql(
      "{ organization { clientOffers(pagination: {first: " + std::to_string(first)
        + "}) { totalCount edges { node { id status contractDetails { id } } } pageInfo { hasNextPage } } } }",
      {}, client_id);
  }

  std::string client_id;
  std::size_t client_contracts = 0;
};

TEST_F(connect_quirks_test, pending_offers_follow_the_contracts_with_null_details) {
  auto set = control_post("/__control/orgs/" + client_id + "/quirks", R"({"pending_offers": 2})");
  ASSERT_EQ(set.status, 200) << set.body;
  auto doc = offers(50);
  ASSERT_FALSE(doc.has("/errors")) << doc.str("/errors/0/message");
  const std::string conn = "/data/organization/clientOffers";
  EXPECT_EQ(doc.num(conn + "/totalCount"), static_cast<double>(client_contracts + 2));
  ASSERT_EQ(doc.size(conn + "/edges"), client_contracts + 2);
  for (std::size_t i = 0; i < client_contracts + 2; ++i) {
    auto node = conn + "/edges/" + std::to_string(i) + "/node";
    EXPECT_EQ(doc.is_null(node + "/contractDetails"), i >= client_contracts) << i;
  }
  EXPECT_EQ(doc.str(conn + "/edges/" + std::to_string(client_contracts) + "/node/status"), "PENDING");
  // Cleared, the list is the contracts alone again.
  ASSERT_EQ(control_post("/__control/orgs/" + client_id + "/quirks", R"({"pending_offers": 0})").status, 200);
  EXPECT_EQ(offers(50).size(conn + "/edges"), client_contracts);
}

TEST_F(connect_quirks_test, photos_show_in_company_selector_and_are_null_otherwise) {
  ASSERT_EQ(
    control_post("/__control/orgs/" + client_id + "/quirks", R"({"photo_url": "https://img.example/c.png"})").status,
    200);
  auto doc = graphql("{ companySelector { items { organizationId photoUrl } } }");
  std::size_t with_photo = 0;
  for (std::size_t i = 0; i < doc.size("/data/companySelector/items"); ++i) {
    auto item = "/data/companySelector/items/" + std::to_string(i);
    if (doc.str(item + "/organizationId") == client_id) {
      EXPECT_EQ(doc.str(item + "/photoUrl"), "https://img.example/c.png");
      ++with_photo;
    } else {
      EXPECT_TRUE(doc.is_null(item + "/photoUrl"));
    }
  }
  EXPECT_EQ(with_photo, 1u);
}

TEST_F(connect_quirks_test, discovery_fails_for_the_next_n_company_selector_requests) {
  ASSERT_EQ(control_post("/__control/discovery/failure", R"({"failures": 2})").status, 200);
  const std::string query = "{ companySelector { items { organizationId } } }";
  EXPECT_EQ(post_graphql(query).status, 503);
  EXPECT_EQ(post_graphql("{ organization { id } }").status, 200); // only the company list fails
  EXPECT_EQ(post_graphql(query).status, 503);
  EXPECT_EQ(post_graphql(query).status, 200);
  EXPECT_EQ(json_doc{http().get("/__control/quirks").body}.num("/discovery_failures"), 0.0);
}

TEST_F(connect_quirks_test, bad_quirks_are_refused) {
  EXPECT_EQ(control_post("/__control/orgs/0000000000000000000/quirks", "{}").status, 404);
  for (const char* body : {R"({"pending_offers": -1})", R"({"photo_url": 5})", "[", ""})
    EXPECT_EQ(control_post("/__control/orgs/" + client_id + "/quirks", body).status, 400) << body;
  EXPECT_EQ(control_post("/__control/discovery/failure", R"({"failures": "x"})").status, 400);
}

} // namespace
} // namespace upsync::sim::testing
