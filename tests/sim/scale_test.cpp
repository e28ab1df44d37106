// Scale: a simulator of 10,000 organizations and 100,000 contracts starts fast, answers
// far-away contracts at once and keeps its memory small, because nothing is materialised.
#include "sim/civil_time.hpp"
#include "tests/sim/sim_fixture.hpp"

#include <chrono>
#include <fstream>

namespace upsync::sim::testing {
namespace {

std::size_t resident_kib() {
  std::ifstream status{"/proc/self/status"};
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmRSS:", 0) == 0)
      return std::stoul(line.substr(6));
  return 0;
}

class scale : public sim_test {};

TEST_F(scale, hundred_thousand_contracts_are_served_lazily) {
  auto rss_before = resident_kib();
  auto started = std::chrono::steady_clock::now();
  auto o = test_options();
  o.scale.orgs = 10'000;
  o.scale.contracts_per_org = 10;
  o.scale.days = 90;
  start(o);
  const auto& d = sim_->state().w.data();
  ASSERT_EQ(d.contract_count(), 100'000u);
  auto today = sim_->state().w.today();
  for (std::uint32_t index : {99'999u, 50'000u, 7u}) {
    auto c = d.contract(index);
    auto doc = graphql("{ contractDetails(id: \"" + c.id + "\") { id terms { hourlyTerms { id } } } }");
    EXPECT_EQ(doc.str("/data/contractDetails/id"), c.id);
    auto report = graphql("{ contractTimeReport(filter: {organizationId_eq: \"" + d.org(c.client_org).id
                          + "\", timeReportDate_bt: {rangeStart: \"" + format_iso_day(today - 89) + "\", rangeEnd: \""
                          + format_iso_day(today) + "\"}}, pagination: {first: 500}) { totalCount } }");
    EXPECT_FALSE(report.has("/errors"));
  }
  auto far_org = d.org(9'999).id;
  auto org = graphql("{ organization { id staffs(pagination: {first: 5}) { totalCount } } }", {}, far_org);
  EXPECT_EQ(org.str("/data/organization/id"), far_org);
  auto elapsed = std::chrono::steady_clock::now() - started;
  EXPECT_LT(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count(), 3000);
#ifndef __SANITIZE_ADDRESS__ // shadow memory makes RSS meaningless under ASan
  EXPECT_LT(resident_kib() - rss_before, 32u * 1024);
#else
  (void)rss_before;
#endif
}

} // namespace
} // namespace upsync::sim::testing
