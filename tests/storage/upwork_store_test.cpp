// The Upwork side's rows in a real PostgreSQL: connections and tokens, one-time OAuth
// states, upserts that keep mappings, rates, totals and cursors, what syncs and why not.
// Over 400 lines on purpose: the Upwork side's repositories share one seeded database fixture; each area's cases stay
// together under its own heading.
#include "storage/connection_discovery.hpp"
#include "storage/engine_store.hpp"
#include "storage/sync_cursor_store.hpp"
#include "storage/sync_targets.hpp"
#include "storage/upwork_connections_store.hpp"
#include "storage/upwork_mapping_store.hpp"
#include "storage/upwork_oauth_states.hpp"
#include "storage/upwork_organizations_store.hpp"
#include "storage/upwork_rate_history.hpp"
#include "storage/upwork_rate_store.hpp"
#include "tests/storage/upwork_fixture.hpp"
#include "tests/support/pg_cluster.hpp"

#include <algorithm>
#include <gtest/gtest.h>
#include <pqxx/pqxx>

using namespace upsync::storage;
using upsync::testing::pg_cluster;
using upsync::testing::upwork_chain;

namespace {

class upwork_store_test : public ::testing::Test {
protected:
  upwork_store_test() : db(pg_cluster::shared().create_migrated_database()), tx(db) {
    a = upsync::testing::make_upwork_chain(tx, "A");
    b = upsync::testing::make_upwork_chain(tx, "B");
  }
  std::int64_t now() { return tx.exec1("SELECT extract(epoch FROM now())::bigint")[0].as<std::int64_t>(); }

  pqxx::connection db;
  pqxx::work tx;
  upwork_chain a;
  upwork_chain b;
};

} // namespace

// ---- connections ----

TEST_F(upwork_store_test, connections_are_found_only_in_their_workspace) {
  auto id = upwork_store::create_connection(tx, a.workspace_id, a.member_id, std::string{"u-9"});
  auto found = upwork_store::find_connection(tx, a.workspace_id, id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->status, "active");
  EXPECT_EQ(found->created_by, a.member_id);
  EXPECT_EQ(found->upwork_user_id, "u-9");
  EXPECT_FALSE(found->access_token_enc);
  EXPECT_FALSE(upwork_store::find_connection(tx, b.workspace_id, id));
  EXPECT_EQ(upwork_store::list_connections(tx, a.workspace_id).size(), 2u); // fixture's + this
  EXPECT_EQ(upwork_store::list_connections(tx, b.workspace_id).size(), 1u);
  EXPECT_FALSE(upwork_store::set_connection_status(tx, b.workspace_id, id, "disconnected"));
}

TEST_F(upwork_store_test, active_connections_of_every_workspace_start_the_engine) {
  ASSERT_TRUE(upwork_store::set_connection_status(tx, a.workspace_id, a.connection_id, "needs_reauth"));
  auto active = upwork_store::list_active_connections(tx);
  ASSERT_EQ(active.size(), 1u);
  EXPECT_EQ(active[0].id, b.connection_id);
  ASSERT_TRUE(upwork_store::set_connection_status(tx, a.workspace_id, a.connection_id, "active"));
  EXPECT_EQ(upwork_store::list_active_connections(tx).size(), 2u);
  EXPECT_THROW(upwork_store::set_connection_status(tx, a.workspace_id, a.connection_id, "paused"),
               std::invalid_argument);
}

TEST_F(upwork_store_test, sealed_tokens_round_trip_as_hex_and_rotation_time_is_kept_unless_given) {
  upwork_store::connection_tokens tokens{"00ff10", "abcdef01", 1'780'000'000, 1'779'990'000};
  ASSERT_TRUE(upwork_store::save_tokens(tx, a.workspace_id, a.connection_id, tokens));
  auto c = upwork_store::find_connection(tx, a.workspace_id, a.connection_id);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->access_token_enc, "00ff10");
  EXPECT_EQ(c->refresh_token_enc, "abcdef01");
  EXPECT_EQ(c->access_expires_at, 1'780'000'000);
  EXPECT_EQ(c->refresh_rotated_at, 1'779'990'000);
  EXPECT_EQ(tx.exec1("SELECT octet_length(access_token_enc) FROM upwork_connections WHERE id = "
                     + std::to_string(a.connection_id))[0]
              .as<int>(),
            3);

  // A refresh that kept the refresh token: new access token, same rotation time.
  ASSERT_TRUE(
    upwork_store::save_tokens(tx, a.workspace_id, a.connection_id, {"0102", "abcdef01", 1'780'003'600, std::nullopt}));
  c = upwork_store::find_connection(tx, a.workspace_id, a.connection_id);
  EXPECT_EQ(c->access_token_enc, "0102");
  EXPECT_EQ(c->refresh_rotated_at, 1'779'990'000);
  // Another workspace cannot write them.
  EXPECT_FALSE(upwork_store::save_tokens(tx, b.workspace_id, a.connection_id, tokens));
}

TEST_F(upwork_store_test, a_disconnect_forgets_the_tokens_and_a_late_rotation_cannot_bring_them_back) {
  upwork_store::connection_tokens tokens{"00ff10", "abcdef01", 1'780'000'000, 1'779'990'000};
  ASSERT_TRUE(upwork_store::save_tokens(tx, a.workspace_id, a.connection_id, tokens));
  ASSERT_TRUE(upwork_store::set_connection_status(tx, a.workspace_id, a.connection_id, "disconnected"));
  ASSERT_TRUE(forget_tokens(tx, a.workspace_id, a.connection_id));
  auto c = upwork_store::find_connection(tx, a.workspace_id, a.connection_id);
  EXPECT_FALSE(c->access_token_enc.has_value());
  EXPECT_FALSE(c->refresh_token_enc.has_value());
  EXPECT_FALSE(c->access_expires_at.has_value());
  // The engine's token provider rotating just then: refused, the tokens stay gone.
  EXPECT_FALSE(upwork_store::save_tokens(tx, a.workspace_id, a.connection_id, tokens));
  EXPECT_FALSE(upwork_store::find_connection(tx, a.workspace_id, a.connection_id)->access_token_enc.has_value());
  // Re-authorized (active again), new tokens are stored.
  ASSERT_TRUE(upwork_store::set_connection_status(tx, a.workspace_id, a.connection_id, "active"));
  EXPECT_TRUE(upwork_store::save_tokens(tx, a.workspace_id, a.connection_id, tokens));
}

TEST_F(upwork_store_test, discovery_state_moves_pending_failed_done_and_lists_what_is_due) {
  upwork_store::connection_tokens tokens{"00ff10", "abcdef01", 1'780'000'000, std::nullopt};
  ASSERT_TRUE(upwork_store::save_tokens(tx, a.workspace_id, a.connection_id, tokens));
  EXPECT_EQ(upwork_store::find_connection(tx, a.workspace_id, a.connection_id)->discovery_status, "done");
  EXPECT_TRUE(list_discovery_due(tx, a.connection_id).empty());
  mark_discovery_pending(tx, a.workspace_id, a.connection_id);
  auto due = list_discovery_due(tx, a.connection_id);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].access_token_enc, "00ff10");
  EXPECT_EQ(mark_discovery_failed(tx, a.workspace_id, a.connection_id, std::string(500, 'x')), 1);
  EXPECT_EQ(mark_discovery_failed(tx, a.workspace_id, a.connection_id, "retryable (HTTP 503)"), 2);
  auto c = upwork_store::find_connection(tx, a.workspace_id, a.connection_id);
  EXPECT_EQ(c->discovery_status, "failed");
  EXPECT_EQ(c->discovery_error, "retryable (HTTP 503)");
  EXPECT_EQ(c->discovery_failures, 2);
  EXPECT_EQ(list_discovery_due(tx, a.connection_id).at(0).failures, 2);
  ASSERT_TRUE(save_connection_discovery(tx, a.workspace_id, a.connection_id, {}, 1'780'000'000));
  c = upwork_store::find_connection(tx, a.workspace_id, a.connection_id);
  EXPECT_EQ(c->discovery_status, "done");
  EXPECT_FALSE(c->discovery_error.has_value());
  EXPECT_EQ(c->discovered_at, 1'780'000'000);
  EXPECT_EQ(c->discovery_failures, 0);
  // A disconnected connection is neither due nor written.
  mark_discovery_pending(tx, a.workspace_id, a.connection_id);
  ASSERT_TRUE(upwork_store::set_connection_status(tx, a.workspace_id, a.connection_id, "disconnected"));
  EXPECT_TRUE(list_discovery_due(tx, a.connection_id).empty());
  EXPECT_FALSE(mark_discovery_failed(tx, a.workspace_id, a.connection_id, "x").has_value());
  EXPECT_FALSE(save_connection_discovery(tx, a.workspace_id, a.connection_id, {}, 1'780'000'000).has_value());
}

// ---- OAuth states ----

TEST_F(upwork_store_test, an_oauth_state_is_stored_hashed_and_consumed_once) {
  const std::string state = "state-0123456789-abcdefghijklmnop";
  upwork_store::create_oauth_state(tx, state, {a.workspace_id, a.member_id, a.connection_id, now() + 600});
  auto dump =
    tx.exec1("SELECT string_agg(encode(state_hash, 'escape'), '|') FROM upwork_oauth_states")[0].as<std::string>();
  EXPECT_EQ(dump.find("state-0123"), std::string::npos);

  EXPECT_FALSE(upwork_store::consume_oauth_state(tx, state + "x"));
  auto used = upwork_store::consume_oauth_state(tx, state);
  ASSERT_TRUE(used);
  EXPECT_EQ(used->workspace_id, a.workspace_id);
  EXPECT_EQ(used->member_id, a.member_id);
  EXPECT_EQ(used->connection_id, a.connection_id);
  EXPECT_FALSE(upwork_store::consume_oauth_state(tx, state)) << "second use must fail";
}

TEST_F(upwork_store_test, an_expired_oauth_state_is_refused) {
  upwork_store::create_oauth_state(tx, "old", {a.workspace_id, a.member_id, std::nullopt, now() - 1});
  upwork_store::create_oauth_state(tx, "new", {b.workspace_id, b.member_id, std::nullopt, now() + 600});
  EXPECT_FALSE(upwork_store::consume_oauth_state(tx, "old"));
  auto fresh = upwork_store::consume_oauth_state(tx, "new");
  ASSERT_TRUE(fresh);
  EXPECT_EQ(fresh->workspace_id, b.workspace_id);
  EXPECT_FALSE(fresh->connection_id);
}

// ---- organizations ----

TEST_F(upwork_store_test, last_synced_is_recorded_for_the_listed_organizations_only_in_one_statement) {
  upwork_store::upsert_organization(tx, a.workspace_id,
                                    upwork_store::organization_discovery{"org-2", a.connection_id, std::string{"rid-2"},
                                                                         "Client Co", "client", std::nullopt, 3, 5});
  // org-2 is named under another workspace: the key is the pair, so it stays unsynced.
  engine_store::set_last_synced(tx, {{a.workspace_id, "org-1"}, {a.workspace_id + 1000, "org-2"}});
  auto one = upwork_store::find_organization(tx, a.workspace_id, "org-1");
  auto two = upwork_store::find_organization(tx, a.workspace_id, "org-2");
  ASSERT_TRUE(one && two);
  EXPECT_TRUE(one->last_synced_at);
  EXPECT_FALSE(two->last_synced_at);
  engine_store::set_last_synced(tx, {}); // nothing to record: no error
}

TEST_F(upwork_store_test, organization_upsert_updates_discovery_and_keeps_selection_and_refresh) {
  upwork_store::organization_discovery org{
    "org-2", a.connection_id, std::string{"rid-2"}, "Client Co", "client", std::nullopt, 3, 5};
  upwork_store::upsert_organization(tx, a.workspace_id, org);
  auto found = upwork_store::find_organization(tx, a.workspace_id, "org-2");
  ASSERT_TRUE(found);
  EXPECT_TRUE(found->selected); // the schema's default
  EXPECT_EQ(found->refresh_status, "idle");

  EXPECT_EQ(upwork_store::set_organizations_selected(tx, a.workspace_id, {"org-1", "org-2", "nope"}, false), 2u);
  ASSERT_TRUE(upwork_store::set_refresh_status(tx, a.workspace_id, "org-2", "failed", 1'780'000'000));
  ASSERT_TRUE(upwork_store::mark_organization_synced(tx, a.workspace_id, "org-2"));

  org.name = "Client Co \"Renamed\"";
  org.users_count = 4;
  org.avatar_url = "https://example.com/a.png";
  upwork_store::upsert_organization(tx, a.workspace_id, org);
  found = upwork_store::find_organization(tx, a.workspace_id, "org-2");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->name, "Client Co \"Renamed\"");
  EXPECT_EQ(found->users_count, 4);
  EXPECT_EQ(found->avatar_url, "https://example.com/a.png");
  EXPECT_FALSE(found->selected);
  EXPECT_EQ(found->refresh_status, "failed");
  EXPECT_EQ(found->last_refreshed_at, 1'780'000'000);
  EXPECT_TRUE(found->last_synced_at);

  // Refresh running without a time keeps the last one.
  ASSERT_TRUE(upwork_store::set_refresh_status(tx, a.workspace_id, "org-2", "running", std::nullopt));
  EXPECT_EQ(upwork_store::find_organization(tx, a.workspace_id, "org-2")->last_refreshed_at, 1'780'000'000);

  EXPECT_EQ(upwork_store::list_organizations(tx, a.workspace_id).size(), 2u);
  EXPECT_EQ(upwork_store::list_organizations(tx, b.workspace_id).size(), 1u);
  EXPECT_FALSE(upwork_store::find_organization(tx, b.workspace_id, "org-2"));
  // Selection only reaches the caller's workspace.
  EXPECT_EQ(upwork_store::set_organizations_selected(tx, b.workspace_id, {"org-2"}, true), 0u);
  EXPECT_THROW(
    upwork_store::upsert_organization(tx, a.workspace_id, {"org-3", a.connection_id, {}, "X", "company", {}, 0, 0}),
    std::invalid_argument);
}

// ---- users ----

TEST_F(upwork_store_test, user_upsert_updates_name_and_email_and_keeps_the_mapping) {
  upwork_store::upsert_user(tx, a.workspace_id, {"org-1", "user-2", "Bob", std::string{"bob@x.io"}});
  upwork_store::user_mapping mapping;
  mapping.member_id = a.member_id;
  mapping.suggested_member_id = a.member_id;
  mapping.match = "close";
  mapping.sync = true;
  mapping.locked = true;
  ASSERT_TRUE(upwork_store::update_user_mapping(tx, a.workspace_id, "org-1", "user-2", mapping));
  EXPECT_FALSE(upwork_store::update_user_mapping(tx, b.workspace_id, "org-1", "user-2", mapping));

  upwork_store::upsert_user(tx, a.workspace_id, {"org-1", "user-2", "Bob Smith", std::nullopt});
  auto users = upwork_store::list_users(tx, a.workspace_id, "org-1");
  ASSERT_EQ(users.size(), 2u);
  auto bob = users[1];
  EXPECT_EQ(bob.upwork_user_id, "user-2");
  EXPECT_EQ(bob.name, "Bob Smith");
  EXPECT_FALSE(bob.email);
  EXPECT_EQ(bob.mapping.member_id, a.member_id);
  EXPECT_EQ(bob.mapping.match, "close");
  EXPECT_TRUE(bob.mapping.sync);
  EXPECT_TRUE(bob.mapping.locked);

  // "Create new member" chosen instead: the mapping is written whole.
  upwork_store::user_mapping create;
  create.create_member_name = "Bob Smith";
  create.create_member_email = "bob@x.io";
  ASSERT_TRUE(upwork_store::update_user_mapping(tx, a.workspace_id, "org-1", "user-2", create));
  bob = upwork_store::list_users(tx, a.workspace_id, "org-1")[1];
  EXPECT_FALSE(bob.mapping.member_id);
  EXPECT_EQ(bob.mapping.create_member_email, "bob@x.io");
  EXPECT_EQ(upwork_store::list_users(tx, b.workspace_id, "org-1").size(), 1u);
}

// ---- contracts ----

TEST_F(upwork_store_test, contract_upsert_updates_upwork_fields_and_keeps_the_mapping) {
  upwork_store::contract_discovery c{
    "contract-9", "org-1", "user-1", "Design", std::string{"ACME"}, "active", "hourly", std::string{"40.00"}, "USD"};
  upwork_store::upsert_contract(tx, a.workspace_id, c);
  auto found = upwork_store::find_contract(tx, a.workspace_id, "contract-9");
  ASSERT_TRUE(found);
  EXPECT_FALSE(found->mapping.sync);
  EXPECT_FALSE(found->mapping.project_id);
  ASSERT_TRUE(upwork_store::update_contract_mapping(tx, a.workspace_id, "contract-9", {a.project_id, true, true}));
  tx.exec_params0("UPDATE upwork_contracts SET create_project = '{\"name\": \"P\"}' "
                  "WHERE workspace_id = $1 AND id = 'contract-9'",
                  a.workspace_id);

  c.status = "paused";
  c.upwork_rate = std::string{"45.50"};
  c.title = "Design v2";
  upwork_store::upsert_contract(tx, a.workspace_id, c);
  found = upwork_store::find_contract(tx, a.workspace_id, "contract-9");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->status, "paused");
  EXPECT_EQ(found->upwork_rate, "45.50");
  EXPECT_EQ(found->title, "Design v2");
  EXPECT_EQ(found->client_name, "ACME");
  EXPECT_EQ(found->mapping.project_id, a.project_id);
  EXPECT_TRUE(found->mapping.sync);
  EXPECT_TRUE(found->mapping.locked);
  EXPECT_TRUE(found->create_project);

  EXPECT_EQ(upwork_store::list_contracts(tx, a.workspace_id).size(), 2u);
  EXPECT_EQ(upwork_store::list_contracts_of_organization(tx, a.workspace_id, "org-1").size(), 2u);
  EXPECT_TRUE(upwork_store::list_contracts_of_organization(tx, a.workspace_id, "org-x").empty());
  EXPECT_FALSE(upwork_store::find_contract(tx, b.workspace_id, "contract-9"));
  EXPECT_FALSE(upwork_store::update_contract_mapping(tx, b.workspace_id, "contract-9", {}));
  // Clearing the project.
  ASSERT_TRUE(upwork_store::update_contract_mapping(tx, a.workspace_id, "contract-9", {std::nullopt, false, false}));
  EXPECT_FALSE(upwork_store::find_contract(tx, a.workspace_id, "contract-9")->mapping.project_id);
}

// ---- rates ----

TEST_F(upwork_store_test, upwork_rate_history_is_replaced_and_manager_rates_stay) {
  upwork_rate_store::set_step(tx, a.workspace_id, "contract-1", "pay", 20'000, std::string{"15.00"}, "USD");
  upwork_store::replace_upwork_rates(tx, a.workspace_id, "contract-1",
                                     {{20'000, std::string{"25.00"}, "USD"}, {20'100, std::string{"30.00"}, "USD"}});
  upwork_store::replace_upwork_rates(
    tx, a.workspace_id, "contract-1",
    {{20'050, std::string{"27.00"}, "USD"}, {20'000, std::string{"25.00"}, "USD"}, {20'120, std::nullopt, "USD"}});
  // The same day again replaces the pay rate of that day.
  upwork_rate_store::set_step(tx, a.workspace_id, "contract-1", "pay", 20'000, std::string{"16.00"}, "USD");
  upwork_rate_store::set_step(tx, a.workspace_id, "contract-1", "pay", 20'200, std::string{"18.00"}, "USD");
  auto rates = upwork_store::load_rates(tx, a.workspace_id, "contract-1");
  ASSERT_EQ(rates.size(), 5u);
  EXPECT_EQ(rates[0].side, "pay");
  EXPECT_EQ(rates[0].effective_from, 20'000);
  EXPECT_EQ(rates[0].rate, "16.00");
  EXPECT_EQ(rates[1].rate, "18.00");
  EXPECT_EQ(rates[2].side, "upwork");
  EXPECT_EQ(rates[2].effective_from, 20'000);
  EXPECT_EQ(rates[3].effective_from, 20'050);
  EXPECT_EQ(rates[3].rate, "27.00");
  EXPECT_EQ(rates[4].effective_from, 20'120);
  EXPECT_FALSE(rates[4].rate);

  upsync::testing::add_contract(tx, a, "contract-2");
  upwork_store::replace_upwork_rates(tx, a.workspace_id, "contract-2", {{20'000, std::string{"50.00"}, "EUR"}});
  auto org = upwork_store::load_organization_rates(tx, a.workspace_id, "org-1");
  ASSERT_EQ(org.size(), 6u);
  EXPECT_EQ(org.back().contract_id, "contract-2");
  EXPECT_EQ(org.back().currency, "EUR");
  EXPECT_TRUE(upwork_store::load_rates(tx, b.workspace_id, "contract-2").empty());
  EXPECT_TRUE(upwork_store::load_organization_rates(tx, b.workspace_id, "org-1").empty());

  upwork_store::replace_upwork_rates(tx, a.workspace_id, "contract-2", {});
  EXPECT_TRUE(upwork_store::load_rates(tx, a.workspace_id, "contract-2").empty());
  EXPECT_THROW(
    upwork_rate_store::set_step(tx, a.workspace_id, "contract-1", "upwork", 20'000, std::string{"1.00"}, "USD"),
    std::invalid_argument);
}

// ---- day totals and cursors ----

TEST_F(upwork_store_test, day_totals_load_from_a_day_on_and_cursors_by_contract_or_organization) {
  for (int d : {20'600, 20'601, 20'603})
    tx.exec_params0("INSERT INTO upwork_day_totals (workspace_id, contract_id, day, seconds) "
                    "VALUES ($1, 'contract-1', date '1970-01-01' + $2::integer, $3)",
                    a.workspace_id, d, d - 20'000);
  auto totals = upwork_store::load_day_totals(tx, a.workspace_id, "contract-1", 20'601);
  ASSERT_EQ(totals.size(), 2u);
  EXPECT_EQ(totals[0].day, 20'601);
  EXPECT_EQ(totals[0].seconds, 601);
  EXPECT_EQ(totals[1].day, 20'603);
  EXPECT_TRUE(upwork_store::load_day_totals(tx, b.workspace_id, "contract-1", 0).empty());

  EXPECT_FALSE(upwork_store::load_cursor(tx, a.workspace_id, "contract-1"));
  tx.exec_params0("INSERT INTO upwork_sync_cursors (workspace_id, contract_id, import_state, "
                  "window_start, days_total, days_done, last_synced_at) VALUES ($1, 'contract-1', "
                  "'running', date '2026-03-03', 90, 12, to_timestamp(1780000000))",
                  a.workspace_id);
  upwork_store::set_cursor_error(tx, a.workspace_id, "contract-1", std::string{"upwork: 503"});
  auto cursor = upwork_store::load_cursor(tx, a.workspace_id, "contract-1");
  ASSERT_TRUE(cursor);
  EXPECT_EQ(cursor->import_state, "running");
  EXPECT_EQ(cursor->window_start_day, 20'515);
  EXPECT_EQ(cursor->days_total, 90);
  EXPECT_EQ(cursor->days_done, 12);
  EXPECT_FALSE(cursor->synced_through_day);
  EXPECT_EQ(cursor->last_synced_at, 1'780'000'000);
  EXPECT_EQ(cursor->last_error, "upwork: 503");

  upsync::testing::add_contract(tx, a, "contract-2");
  upwork_store::set_cursor_error(tx, a.workspace_id, "contract-2", std::string{"boom"});
  upwork_store::set_cursor_error(tx, a.workspace_id, "contract-1", std::nullopt);
  auto all = upwork_store::load_organization_cursors(tx, a.workspace_id, "org-1");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_FALSE(all[0].last_error);
  EXPECT_EQ(all[1].contract_id, "contract-2");
  EXPECT_EQ(all[1].import_state, "pending");
  EXPECT_TRUE(upwork_store::load_organization_cursors(tx, b.workspace_id, "org-1").empty());
}

// ---- what syncs ----

TEST_F(upwork_store_test, sync_targets_list_every_workspace_s_syncing_contracts) {
  upsync::testing::add_contract(tx, a, "contract-2");
  auto all = upwork_store::list_sync_targets(tx);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].workspace_id, a.workspace_id);
  EXPECT_EQ(all[0].connection_id, a.connection_id);
  EXPECT_EQ(all[0].organization_type, "agency");
  EXPECT_EQ(all[0].member_id, a.member_id);
  EXPECT_EQ(all[0].project_id, a.project_id);
  EXPECT_EQ(all[1].contract_id, "contract-2");
  EXPECT_EQ(all[2].workspace_id, b.workspace_id);
  EXPECT_EQ(upwork_store::list_sync_targets(tx, a.workspace_id, "org-1").size(), 2u);
  EXPECT_EQ(upwork_store::list_sync_targets(tx, b.workspace_id, "org-1").size(), 1u);
  EXPECT_TRUE(upwork_store::list_sync_targets(tx, a.workspace_id, "org-9").empty());
  // One workspace, every organization: its own contracts only.
  auto workspace = upwork_store::list_sync_targets(tx, a.workspace_id);
  ASSERT_EQ(workspace.size(), 2u);
  EXPECT_EQ(workspace[0].contract_id, "contract-1");
  EXPECT_EQ(workspace[1].contract_id, "contract-2");
  ASSERT_EQ(upwork_store::list_sync_targets(tx, b.workspace_id).size(), 1u);
  EXPECT_EQ(upwork_store::list_sync_targets(tx, b.workspace_id)[0].workspace_id, b.workspace_id);
}

TEST_F(upwork_store_test, diagnosis_names_each_reason_a_contract_does_not_sync) {
  auto reasons = [&] { return *upwork_store::diagnose(tx, a.workspace_id, "contract-1"); };
  auto syncs = [&] { return upwork_store::list_sync_targets(tx, a.workspace_id, "org-1").size() == 1; };
  using v = std::vector<std::string>;
  EXPECT_EQ(reasons(), v{});
  EXPECT_TRUE(syncs());
  EXPECT_FALSE(upwork_store::diagnose(tx, a.workspace_id, "contract-x"));
  EXPECT_FALSE(upwork_store::diagnose(tx, b.workspace_id + 1000, "contract-1"));

  // Each condition alone stops the sync and is named; undoing it restores the sync.
  struct step {
    std::string off, on, reason;
  };
  auto ws = std::to_string(a.workspace_id);
  std::vector<step> steps = {
    {"UPDATE upwork_organizations SET selected = false", "UPDATE upwork_organizations SET selected = true",
     "organization_not_selected"},
    {"UPDATE upwork_connections SET status = 'needs_reauth'", "UPDATE upwork_connections SET status = 'active'",
     "connection_needs_reauth"},
    {"UPDATE upwork_connections SET status = 'disconnected'", "UPDATE upwork_connections SET status = 'active'",
     "connection_disconnected"},
    {"UPDATE upwork_users SET sync = false", "UPDATE upwork_users SET sync = true", "user_sync_off"},
    {"UPDATE upwork_users SET member_id = NULL", "UPDATE upwork_users SET member_id = " + std::to_string(a.member_id),
     "member_not_mapped"},
    {"UPDATE upwork_contracts SET sync = false", "UPDATE upwork_contracts SET sync = true", "contract_sync_off"},
    {"UPDATE upwork_contracts SET project_id = NULL",
     "UPDATE upwork_contracts SET project_id = " + std::to_string(a.project_id), "no_project"},
    {"UPDATE upwork_contracts SET status = 'paused'", "UPDATE upwork_contracts SET status = 'active'",
     "contract_not_active"},
    {"UPDATE upwork_contracts SET status = 'closed'", "UPDATE upwork_contracts SET status = 'active'",
     "contract_not_active"},
    {"UPDATE upwork_contracts SET kind = 'fixed'", "UPDATE upwork_contracts SET kind = 'hourly'", "fixed_price"},
    {"UPDATE upwork_contracts SET confirmed_at = NULL", "UPDATE upwork_contracts SET confirmed_at = now()",
     "not_confirmed"},
  };
  for (const auto& s : steps) {
    tx.exec0(s.off + " WHERE workspace_id = " + ws);
    EXPECT_EQ(reasons(), v{s.reason}) << s.off;
    EXPECT_FALSE(syncs()) << s.off;
    tx.exec0(s.on + " WHERE workspace_id = " + ws);
    EXPECT_EQ(reasons(), v{}) << s.on;
    EXPECT_TRUE(syncs()) << s.on;
  }

  // Several at once, in the documented order; the other workspace is unaffected.
  tx.exec0("UPDATE upwork_contracts SET kind = 'fixed', sync = false, confirmed_at = NULL WHERE workspace_id = " + ws);
  tx.exec0("UPDATE upwork_organizations SET selected = false WHERE workspace_id = " + ws);
  EXPECT_EQ(reasons(), (v{"organization_not_selected", "contract_sync_off", "fixed_price", "not_confirmed"}));
  EXPECT_EQ(*upwork_store::diagnose(tx, b.workspace_id, "contract-1"), v{});
}
