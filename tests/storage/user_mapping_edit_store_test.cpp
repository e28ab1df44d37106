// The user mapping edit's storage in a real PostgreSQL: the user -> contracts cascades
// reach every contract of that user, and only those.
#include "storage/upwork_mapping_store.hpp"
#include "storage/user_mapping_edit_store.hpp"
#include "tests/storage/upwork_fixture.hpp"

#include <gtest/gtest.h>

using namespace upsync::storage;

namespace {

class user_mapping_edit_store_test : public upsync::testing::two_chains_test {
protected:
  user_mapping_edit_store_test() {
    upsync::testing::add_contract(tx, a, "contract-2");
    // Another user of the same organization, with a synced, locked contract.
    upwork_store::upsert_user(tx, a.workspace_id, {"org-1", "user-2", "Bob", std::nullopt});
    upwork_store::upsert_contract(
      tx, a.workspace_id,
      {"contract-3", "org-1", "user-2", "Other", std::nullopt, "active", "hourly", std::string{"30.00"}, "USD"});
    upwork_store::update_contract_mapping(tx, a.workspace_id, "contract-3", {a.project_id, true, true});
    for (const auto& id : {"contract-1", "contract-2"})
      upwork_store::update_contract_mapping(tx, a.workspace_id, id, {a.project_id, true, true});
    upwork_store::update_contract_mapping(tx, b.workspace_id, "contract-1", {b.project_id, true, true});
  }
  upwork_store::contract_mapping mapping(const upsync::testing::upwork_chain& chain, const std::string& id) {
    return upwork_store::find_contract(tx, chain.workspace_id, id)->mapping;
  }
};

} // namespace

TEST_F(user_mapping_edit_store_test, stopping_a_user_stops_every_contract_of_that_user_and_no_other) {
  user_mapping_edit_store store{tx, a.workspace_id, "org-1"};
  store.stop_contracts_of("user-1");
  EXPECT_FALSE(mapping(a, "contract-1").sync);
  EXPECT_FALSE(mapping(a, "contract-2").sync);
  EXPECT_TRUE(mapping(a, "contract-1").locked); // only sync changes
  EXPECT_EQ(mapping(a, "contract-1").project_id, a.project_id);
  EXPECT_TRUE(mapping(a, "contract-3").sync); // another user's
  EXPECT_TRUE(mapping(b, "contract-1").sync); // another workspace's
}

TEST_F(user_mapping_edit_store_test, unlocking_a_user_unlocks_every_contract_of_that_user_and_no_other) {
  user_mapping_edit_store store{tx, a.workspace_id, "org-1"};
  store.unlock_contracts_of("user-1");
  EXPECT_FALSE(mapping(a, "contract-1").locked);
  EXPECT_FALSE(mapping(a, "contract-2").locked);
  EXPECT_TRUE(mapping(a, "contract-1").sync); // only locked changes
  EXPECT_TRUE(mapping(a, "contract-3").locked);
  EXPECT_TRUE(mapping(b, "contract-1").locked);
}
