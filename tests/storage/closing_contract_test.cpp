// A contract that stops being active (issue 16): when its status changed, that one that was
// syncing stays a sync target through its closing grace and one that never synced does not,
// that the engine's plans and the diagnosis agree with the targets at every instant, and
// the facts the dashboard reads for a whole workspace at once.
#include "domain/billing_week.hpp"
#include "storage/contract_diagnosis.hpp"
#include "storage/engine_store.hpp"
#include "storage/sync_targets.hpp"
#include "storage/upwork_mapping_store.hpp"
#include "tests/storage/upwork_fixture.hpp"
#include "tests/support/pg_cluster.hpp"

#include <algorithm>
#include <gtest/gtest.h>
#include <pqxx/pqxx>

using namespace upsync::storage;
using upsync::testing::pg_cluster;
using upsync::testing::upwork_chain;

namespace {

constexpr std::int64_t day = 86400;
constexpr std::int64_t wednesday = (20682 + 2) * day + 15 * 3600; // 2026-08-19 15:00 UTC
constexpr std::int64_t next_monday_noon = (20682 + 7) * day + 12 * 3600;

class closing_contract_test : public ::testing::Test {
protected:
  closing_contract_test() : db(pg_cluster::shared().create_migrated_database()), tx(db) {
    a = upsync::testing::make_upwork_chain(tx, "A");
    upsync::testing::add_contract(tx, a, "contract-2");
  }

  std::int64_t changed_at(const std::string& id) {
    return tx
      .exec_params1("SELECT extract(epoch FROM status_changed_at)::bigint FROM upwork_contracts"
                    " WHERE workspace_id = $1 AND id = $2",
                    a.workspace_id, id)[0]
      .as<std::int64_t>();
  }

  // Upwork says `status` at `now`, as discovery or a refresh writes it.
  void upwork_says(const std::string& id, const std::string& status, std::int64_t now) {
    upwork_store::upsert_contract(
      tx, a.workspace_id,
      {id, "org-1", "user-1", "Build it", std::nullopt, status, "hourly", std::string{"25.00"}, "USD"}, now);
  }

  void give_cursor(const std::string& id) {
    tx.exec_params0("INSERT INTO upwork_sync_cursors (workspace_id, contract_id, import_state)"
                    " VALUES ($1, $2, 'done')",
                    a.workspace_id, id);
  }

  std::vector<std::string> targets_at(std::int64_t now) {
    std::vector<std::string> out;
    for (const auto& t : upwork_store::list_sync_targets_at(tx, now, a.workspace_id, std::string{"org-1"}))
      out.push_back(t.contract_id);
    return out;
  }

  pqxx::connection db;
  pqxx::work tx;
  upwork_chain a;
};

using ids = std::vector<std::string>;

} // namespace

TEST_F(closing_contract_test, status_changed_at_moves_only_when_the_status_does) {
  upwork_says("contract-9", "active", wednesday);
  EXPECT_EQ(changed_at("contract-9"), wednesday);
  upwork_says("contract-9", "active", wednesday + 3600); // the same status: kept
  EXPECT_EQ(changed_at("contract-9"), wednesday);
  upwork_says("contract-9", "paused", wednesday + 7200);
  EXPECT_EQ(changed_at("contract-9"), wednesday + 7200);
  upwork_says("contract-9", "closed", wednesday + 9000);
  EXPECT_EQ(changed_at("contract-9"), wednesday + 9000);
  // Without a time, the database's clock.
  upwork_store::upsert_contract(
    tx, a.workspace_id,
    {"contract-9", "org-1", "user-1", "Build it", std::nullopt, "active", "hourly", std::string{"25.00"}, "USD"});
  auto db_now = tx.exec1("SELECT extract(epoch FROM now())::bigint")[0].as<std::int64_t>();
  EXPECT_EQ(changed_at("contract-9"), db_now);
}

TEST_F(closing_contract_test, a_contract_that_was_syncing_stays_a_target_until_its_week_locks) {
  give_cursor("contract-1"); // was syncing; contract-2 never got a cursor
  upwork_says("contract-1", "active", wednesday - 30 * day);
  upwork_says("contract-2", "active", wednesday - 30 * day);
  EXPECT_EQ(targets_at(wednesday), (ids{"contract-1", "contract-2"}));

  upwork_says("contract-1", "closed", wednesday);
  upwork_says("contract-2", "paused", wednesday);
  // contract-1 is closing until the Monday noon after the week it closed in.
  for (auto now : {wednesday, next_monday_noon - 60, next_monday_noon - 1}) {
    SCOPED_TRACE(now);
    auto targets = upwork_store::list_sync_targets_at(tx, now, a.workspace_id, std::nullopt);
    ASSERT_EQ(targets.size(), 1u);
    EXPECT_EQ(targets[0].contract_id, "contract-1");
    EXPECT_EQ(targets[0].closing_until, std::optional<std::int64_t>{next_monday_noon});
    EXPECT_EQ(*upwork_store::diagnose(tx, a.workspace_id, "contract-1", now), ids{});
    EXPECT_EQ(*upwork_store::diagnose(tx, a.workspace_id, "contract-2", now), ids{"contract_not_active"});
  }
  EXPECT_TRUE(targets_at(next_monday_noon).empty());
  EXPECT_EQ(*upwork_store::diagnose(tx, a.workspace_id, "contract-1", next_monday_noon), ids{"contract_not_active"});

  // An active target carries no grace; one reactivated is active again.
  upwork_says("contract-2", "active", wednesday + 3600);
  auto active = upwork_store::list_sync_targets_at(tx, next_monday_noon, a.workspace_id, std::nullopt);
  ASSERT_EQ(active.size(), 1u);
  EXPECT_EQ(active[0].contract_id, "contract-2");
  EXPECT_FALSE(active[0].closing_until);
}

TEST_F(closing_contract_test, the_grace_needs_every_other_condition_of_syncing_too) {
  give_cursor("contract-1");
  upwork_says("contract-1", "paused", wednesday);
  EXPECT_EQ(targets_at(wednesday + 60), (ids{"contract-1", "contract-2"}));
  tx.exec0("UPDATE upwork_contracts SET sync = false WHERE id = 'contract-1'");
  EXPECT_EQ(targets_at(wednesday + 60), ids{"contract-2"});
  EXPECT_EQ(*upwork_store::diagnose(tx, a.workspace_id, "contract-1", wednesday + 60), ids{"contract_sync_off"});
}

TEST_F(closing_contract_test, the_engines_plans_carry_the_grace) {
  give_cursor("contract-1");
  upwork_says("contract-1", "closed", wednesday);
  auto plans = engine_store::syncing_contracts(tx, a.workspace_id, std::string{"org-1"}, wednesday + 60);
  ASSERT_EQ(plans.size(), 2u);
  EXPECT_EQ(plans[0].contract_id, "contract-1");
  EXPECT_EQ(plans[0].closing_until, std::optional<std::int64_t>{next_monday_noon});
  EXPECT_FALSE(plans[1].closing_until);
  EXPECT_EQ(engine_store::syncing_contracts(tx, std::nullopt, std::nullopt, next_monday_noon).size(), 1u);
}

TEST_F(closing_contract_test, targets_and_diagnosis_agree_for_every_contract_and_instant) {
  // Contracts in every state that matters to the grace, judged at instants around it.
  give_cursor("contract-1");
  upsync::testing::add_contract(tx, a, "contract-3");
  give_cursor("contract-3");
  upwork_says("contract-1", "closed", wednesday);
  upwork_says("contract-2", "closed", wednesday);
  upwork_says("contract-3", "paused", wednesday - 7 * day);
  for (auto now : {wednesday, next_monday_noon - 7 * day - 1, next_monday_noon - 7 * day, next_monday_noon - 1,
                   next_monday_noon}) {
    SCOPED_TRACE(now);
    auto targets = targets_at(now);
    for (const auto& f : contract_diagnosis::load_facts(tx, a.workspace_id)) {
      bool target = std::find(targets.begin(), targets.end(), f.contract_id) != targets.end();
      EXPECT_EQ(contract_diagnosis::diagnose(f, now).syncing(), target) << f.contract_id;
    }
  }
}

TEST_F(closing_contract_test, facts_load_for_the_workspace_or_its_selected_organizations_or_one_contract) {
  auto b = upsync::testing::make_upwork_chain(tx, "B");
  tx.exec_params0("INSERT INTO upwork_organizations (workspace_id, id, connection_id, name, type, selected)"
                  " VALUES ($1, 'org-2', $2, 'Off', 'client', false)",
                  a.workspace_id, a.connection_id);
  tx.exec_params0("INSERT INTO upwork_users (workspace_id, organization_id, upwork_user_id, name)"
                  " VALUES ($1, 'org-2', 'user-2', 'Bo')",
                  a.workspace_id);
  tx.exec_params0("INSERT INTO upwork_contracts (workspace_id, id, organization_id, upwork_user_id, title,"
                  " status, kind) VALUES ($1, 'contract-0', 'org-2', 'user-2', 'Off', 'closed', 'fixed')",
                  a.workspace_id);
  give_cursor("contract-1");

  auto all = contract_diagnosis::load_facts(tx, a.workspace_id);
  ASSERT_EQ(all.size(), 3u); // by organization, then contract; not workspace B's
  EXPECT_EQ(all[0].contract_id, "contract-1");
  EXPECT_TRUE(all[0].was_syncing);
  EXPECT_EQ(all[1].contract_id, "contract-2");
  EXPECT_FALSE(all[1].was_syncing);
  EXPECT_EQ(all[2].organization_id, "org-2");
  EXPECT_FALSE(all[2].organization_selected);
  EXPECT_FALSE(all[2].member_mapped);
  EXPECT_FALSE(all[2].has_project);
  EXPECT_EQ(all[2].kind, "fixed");

  contract_diagnosis::facts_filter shown;
  shown.selected_organizations_only = true;
  EXPECT_EQ(contract_diagnosis::load_facts(tx, a.workspace_id, shown).size(), 2u);
  contract_diagnosis::facts_filter one;
  one.contract_id = "contract-0";
  auto facts = contract_diagnosis::load_facts(tx, a.workspace_id, one);
  ASSERT_EQ(facts.size(), 1u);
  EXPECT_EQ(contract_diagnosis::diagnose(facts[0], wednesday).reasons,
            (ids{"organization_not_selected", "user_sync_off", "member_not_mapped", "contract_sync_off", "no_project",
                 "contract_not_active", "fixed_price", "not_confirmed"}));
  EXPECT_TRUE(contract_diagnosis::load_facts(tx, b.workspace_id, one).empty());
}
