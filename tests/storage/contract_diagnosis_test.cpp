// The diagnosis as a pure function of a contract's facts (the query is tested with the
// store, in upwork_store_test and over HTTP).
#include "domain/billing_week.hpp"
#include "storage/contract_diagnosis.hpp"

#include <gtest/gtest.h>

using namespace upsync::storage;
using contract_diagnosis::contract_facts;
using reasons = std::vector<std::string>;

namespace {

constexpr std::int64_t wednesday = (20682 + 2) * 86400; // 2026-08-19 00:00 UTC
constexpr std::int64_t next_monday_noon = (20682 + 7) * 86400 + 12 * 3600;

contract_facts syncing() {
  contract_facts f;
  f.organization_id = "org";
  f.contract_id = "c";
  f.organization_selected = true;
  f.connection_status = "active";
  f.user_sync = f.member_mapped = f.contract_sync = f.has_project = f.confirmed = true;
  f.status = "active";
  f.kind = "hourly";
  f.was_syncing = true;
  f.status_changed_at = wednesday - 86400 * 30;
  return f;
}

// A syncing contract whose status on Upwork became `status` on Wednesday.
contract_facts left_active_on_wednesday(const char* status) {
  auto f = syncing();
  f.status = status;
  f.status_changed_at = wednesday;
  return f;
}

} // namespace

TEST(contract_diagnosis, an_active_mapped_confirmed_contract_syncs) {
  auto d = contract_diagnosis::diagnose(syncing(), wednesday);
  EXPECT_TRUE(d.syncing());
  EXPECT_FALSE(d.closing_until);
}

TEST(contract_diagnosis, every_reason_in_order) {
  contract_facts f;
  f.connection_status = "disconnected";
  f.status = "closed";
  f.kind = "fixed";
  EXPECT_EQ(contract_diagnosis::diagnose(f, wednesday).reasons,
            (reasons{"organization_not_selected", "connection_disconnected", "user_sync_off", "member_not_mapped",
                     "contract_sync_off", "no_project", "contract_not_active", "fixed_price", "not_confirmed"}));
  f.connection_status = "needs_reauth";
  EXPECT_EQ(contract_diagnosis::diagnose(f, wednesday).reasons.at(1), "connection_needs_reauth");
}

TEST(contract_diagnosis, a_contract_that_was_syncing_is_closing_until_its_week_locks) {
  for (const char* status : {"paused", "closed"}) {
    SCOPED_TRACE(status);
    auto f = left_active_on_wednesday(status);
    auto during = contract_diagnosis::diagnose(f, next_monday_noon - 1);
    EXPECT_TRUE(during.syncing());
    ASSERT_TRUE(during.closing_until);
    EXPECT_EQ(*during.closing_until, next_monday_noon);
    auto after = contract_diagnosis::diagnose(f, next_monday_noon);
    EXPECT_EQ(after.reasons, reasons{"contract_not_active"});
    EXPECT_FALSE(after.closing_until);
  }
}

TEST(contract_diagnosis, a_contract_never_synced_is_not_active_at_once) {
  auto f = left_active_on_wednesday("closed");
  f.was_syncing = false;
  auto d = contract_diagnosis::diagnose(f, wednesday + 60);
  EXPECT_EQ(d.reasons, reasons{"contract_not_active"});
  EXPECT_FALSE(d.closing_until);
}

TEST(contract_diagnosis, a_closing_contract_still_names_its_other_reasons) {
  auto f = left_active_on_wednesday("paused");
  f.contract_sync = false;
  auto d = contract_diagnosis::diagnose(f, wednesday + 60);
  EXPECT_EQ(d.reasons, reasons{"contract_sync_off"});
  EXPECT_EQ(d.closing_until, std::optional<std::int64_t>{next_monday_noon});
}
