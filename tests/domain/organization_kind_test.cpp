// What an organization's kind decides: its stored name, the wizard's label, and which side
// of a contract's rates Upwork gives (F10).
#include "domain/organization_kind.hpp"

#include <gtest/gtest.h>

using namespace upsync::domain;

TEST(organization_kind, the_stored_names_parse_back_to_their_kind) {
  for (auto kind : {organization_kind::agency, organization_kind::client, organization_kind::freelancer})
    EXPECT_EQ(parse_organization_kind(to_string(kind)), kind) << to_string(kind);
  EXPECT_STREQ(to_string(organization_kind::agency), "agency");
  EXPECT_STREQ(to_string(organization_kind::client), "client");
  EXPECT_STREQ(to_string(organization_kind::freelancer), "freelancer");
}

TEST(organization_kind, any_other_text_is_unknown) {
  EXPECT_EQ(parse_organization_kind(""), organization_kind::unknown);
  EXPECT_EQ(parse_organization_kind("Client"), organization_kind::unknown); // stored lower-case only
  EXPECT_EQ(parse_organization_kind("vendor"), organization_kind::unknown);
  EXPECT_STREQ(to_string(organization_kind::unknown), "unknown");
}

TEST(organization_kind, the_wizard_labels_each_section_by_kind_and_name) {
  EXPECT_EQ(section_label(organization_kind::agency, "Nomadic Soft"), "Freelancer/Agency (Nomadic Soft)");
  EXPECT_EQ(section_label(organization_kind::client, "Acme Corp"), "Client (Acme Corp)");
  EXPECT_EQ(section_label(organization_kind::freelancer, "John Smith"), "Freelancer (John Smith)");
  EXPECT_EQ(section_label(organization_kind::unknown, "Someone"), "Freelancer (Someone)");
}

TEST(organization_kind, upwork_gives_the_pay_rate_of_a_client_and_the_bill_rate_of_an_agency_or_freelancer) {
  EXPECT_EQ(upwork_side(organization_kind::client), rate_side::pay);
  EXPECT_EQ(upwork_side(organization_kind::agency), rate_side::bill);
  EXPECT_EQ(upwork_side(organization_kind::freelancer), rate_side::bill);
  EXPECT_STREQ(to_string(rate_side::pay), "pay");
  EXPECT_STREQ(to_string(rate_side::bill), "bill");
}

TEST(organization_kind, a_stored_type_names_its_upwork_side) {
  EXPECT_STREQ(upwork_side_name("client"), "pay");
  EXPECT_STREQ(upwork_side_name("agency"), "bill");
  EXPECT_STREQ(upwork_side_name("freelancer"), "bill");
}

TEST(organization_kind, the_manager_enters_the_other_side) {
  EXPECT_EQ(manager_side(organization_kind::client), rate_side::bill);
  EXPECT_EQ(manager_side(organization_kind::agency), rate_side::pay);
  EXPECT_EQ(manager_side(organization_kind::freelancer), rate_side::pay);
}
