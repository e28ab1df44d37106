// Reconciliation's storage in a real PostgreSQL: Upwork's reported totals written as the
// engine hands them over (changes only, resets of a window), and the per-day comparison
// with the ledger and intervals that the sync writer produced, for one contract and grouped
// per organization.
#include "storage/reported_days.hpp"
#include "storage/sync_writer.hpp"
#include "storage/upwork_reconciliation_store.hpp"
#include "storage/webhook_events.hpp"
#include "storage/webhooks.hpp"
#include "tests/storage/upwork_fixture.hpp"
#include "tests/support/pg_cluster.hpp"

#include <gtest/gtest.h>
#include <pqxx/pqxx>

using namespace upsync::storage;
using upsync::testing::pg_cluster;
using upsync::testing::upwork_chain;
namespace recon = upwork_reconciliation_store;

namespace {

constexpr std::int64_t day0 = 20600; // 2026-05-27

class upwork_reconciliation_store_test : public ::testing::Test {
protected:
  upwork_reconciliation_store_test() : url(pg_cluster::shared().create_migrated_database()), db(url) {
    pqxx::work tx{db};
    a = upsync::testing::make_upwork_chain(tx, "A");
    b = upsync::testing::make_upwork_chain(tx, "B");
    upsync::testing::add_contract(tx, a, "contract-2");
    tx.commit();
  }

  /// `n` cells of `contract` from `minute` after midnight of `day`, synced by the writer.
  void sync_cells(const std::string& contract, std::int64_t day, int minute, int n) {
    sync_writer::sync_batch batch;
    for (int i = 0; i < n; ++i)
      batch.cells.push_back(sync_writer::cell_row{a.workspace_id, contract, day * 86400 + minute * 60 + i * 600, false,
                                                  a.member_id, a.project_id, std::nullopt, std::nullopt, "USD"});
    sync_writer::write(db, batch);
  }

  void report(std::vector<reported_days::change> changes) {
    pqxx::work tx{db};
    reported_days::record(tx, changes);
    tx.commit();
  }

  reported_days::change day_report(const std::string& contract, std::int64_t day, std::int32_t seconds) {
    return {a.workspace_id, contract, std::nullopt, {{day, seconds}}};
  }

  std::vector<recon::contract_day> days(const std::string& contract, std::int64_t first, std::int64_t last) {
    pqxx::work tx{db};
    return recon::contract_days(tx, a.workspace_id, contract, first, last);
  }

  void exec(const std::string& sql) {
    pqxx::work tx{db};
    tx.exec0(sql);
    tx.commit();
  }

  long long scalar(const std::string& sql) {
    pqxx::work tx{db};
    return tx.exec1(sql)[0].as<long long>();
  }

  std::string url;
  pqxx::connection db;
  upwork_chain a, b;
};

} // namespace

TEST_F(upwork_reconciliation_store_test, reported_totals_are_written_only_when_they_change) {
  report({day_report("contract-1", day0, 3600), day_report("contract-1", day0 + 1, 0)});
  EXPECT_EQ(scalar("SELECT count(*) FROM upwork_reported_days"), 1); // no row for an empty day
  const std::string seen_at = "SELECT (extract(epoch FROM reported_at) * 1000000)::bigint FROM upwork_reported_days";
  auto first_seen = scalar(seen_at);
  report({day_report("contract-1", day0, 3600)}); // unchanged: untouched
  EXPECT_EQ(scalar(seen_at), first_seen);
  // A later change of the same day wins; a vanished day becomes 0.
  report({day_report("contract-1", day0, 1200), day_report("contract-1", day0, 600)});
  EXPECT_EQ(scalar("SELECT seconds FROM upwork_reported_days"), 600);
  report({day_report("contract-1", day0, 0)});
  EXPECT_EQ(scalar("SELECT seconds FROM upwork_reported_days"), 0);
  // A negative number (an overflowed sum of untrusted hours) is skipped, the day kept.
  report({day_report("contract-1", day0, -5)});
  EXPECT_EQ(scalar("SELECT seconds FROM upwork_reported_days"), 0);
  // A contract that does not exist is skipped, the rest written.
  report({day_report("nope", day0, 600), day_report("contract-2", day0, 600)});
  EXPECT_EQ(scalar("SELECT count(*) FROM upwork_reported_days WHERE contract_id = 'contract-2'"), 1);
  EXPECT_EQ(scalar("SELECT count(*) FROM upwork_reported_days WHERE contract_id = 'nope'"), 0);
}

TEST_F(upwork_reconciliation_store_test, a_reset_zeroes_the_days_of_its_window_it_does_not_list) {
  report({day_report("contract-1", day0, 600), day_report("contract-1", day0 + 1, 1200),
          day_report("contract-1", day0 + 5, 1800), day_report("contract-2", day0 + 1, 600)});
  // The engine restarted: it reports day0 + 1 only, over day0 .. day0 + 3.
  reported_days::change reset{a.workspace_id, "contract-1", std::pair{day0, day0 + 3}, {{day0 + 1, 1200}}};
  report({reset});
  EXPECT_EQ(
    scalar("SELECT seconds FROM upwork_reported_days WHERE contract_id = 'contract-1' AND day = date '1970-01-01' + "
           + std::to_string(day0)),
    0);
  EXPECT_EQ(
    scalar("SELECT seconds FROM upwork_reported_days WHERE contract_id = 'contract-1' AND day = date '1970-01-01' + "
           + std::to_string(day0 + 1)),
    1200);
  EXPECT_EQ(
    scalar("SELECT seconds FROM upwork_reported_days WHERE contract_id = 'contract-1' AND day = date '1970-01-01' + "
           + std::to_string(day0 + 5)),
    1800); // outside
  EXPECT_EQ(scalar("SELECT seconds FROM upwork_reported_days WHERE contract_id = 'contract-2'"),
            600); // another contract
  // A reset forgets what an earlier change of the same call listed in its range.
  report({day_report("contract-1", day0 + 2, 600),
          reported_days::change{a.workspace_id, "contract-1", std::pair{day0, day0 + 3}, {}}});
  EXPECT_EQ(scalar("SELECT count(*) FROM upwork_reported_days WHERE contract_id = 'contract-1' AND seconds > 0"), 1);
}

TEST_F(upwork_reconciliation_store_test, each_day_compares_upwork_with_what_synced_and_what_happened_to_it) {
  // day0: matches. day0+1: Upwork reports 40 minutes, 20 synced (pending). day0+2: a cell
  // vanished upstream. day0+3: one interval edited, day0+4: one deleted. day0+5: Upwork
  // reports 4 minutes more than synced (within the tolerance). day0+6: nothing at all.
  sync_cells("contract-1", day0, 60, 3);
  sync_cells("contract-1", day0 + 1, 60, 2);
  sync_cells("contract-1", day0 + 2, 60, 3);
  sync_cells("contract-1", day0 + 3, 60, 2);
  sync_cells("contract-1", day0 + 3, 600, 1);
  sync_cells("contract-1", day0 + 4, 60, 1);
  sync_cells("contract-1", day0 + 4, 600, 2);
  sync_cells("contract-1", day0 + 5, 60, 1);
  report({day_report("contract-1", day0, 1800), day_report("contract-1", day0 + 1, 2400),
          day_report("contract-1", day0 + 2, 1200), day_report("contract-1", day0 + 3, 1800),
          day_report("contract-1", day0 + 4, 1800), day_report("contract-1", day0 + 5, 840)});
  exec("UPDATE upwork_cells SET vanished_at = now() WHERE cell_start = to_timestamp("
       + std::to_string((day0 + 2) * 86400 + 3600) + ")");
  exec("UPDATE time_intervals SET edited_at = now() WHERE started_at = to_timestamp("
       + std::to_string((day0 + 3) * 86400 + 36000) + ")");
  exec("DELETE FROM time_intervals WHERE started_at = to_timestamp(" + std::to_string((day0 + 4) * 86400 + 3600) + ")");

  auto d = days("contract-1", day0 - 1, day0 + 6);
  ASSERT_EQ(d.size(), 8u);
  auto expect = [&](std::size_t i, std::int64_t upwork, std::int64_t synced, std::int64_t removed, std::int64_t changed,
                    const std::string& status) {
    SCOPED_TRACE(i);
    EXPECT_EQ(d[i].day, day0 - 1 + static_cast<std::int64_t>(i));
    EXPECT_EQ(d[i].upwork_seconds, upwork);
    EXPECT_EQ(d[i].synced_seconds, synced);
    EXPECT_EQ(d[i].removed_upstream_seconds, removed);
    EXPECT_EQ(d[i].changed_locally_seconds, changed);
    EXPECT_EQ(d[i].status, status);
  };
  expect(0, 0, 0, 0, 0, "match");
  expect(1, 1800, 1800, 0, 0, "match");
  expect(2, 2400, 1200, 0, 0, "pending");
  expect(3, 1200, 1800, 600, 0, "removed_upstream");
  expect(4, 1800, 1200, 0, 600, "changed_locally");
  expect(5, 1800, 1200, 0, 600, "changed_locally");
  expect(6, 840, 600, 0, 0, "match");
  expect(7, 0, 0, 0, 0, "match");
  // Deleted locally and vanished upstream: changed_locally wins.
  exec("UPDATE upwork_cells SET vanished_at = now() WHERE cell_start = to_timestamp("
       + std::to_string((day0 + 4) * 86400 + 3600) + ")");
  auto both = days("contract-1", day0 + 4, day0 + 4)[0];
  EXPECT_EQ(both.removed_upstream_seconds, 600);
  EXPECT_EQ(both.changed_locally_seconds, 600);
  EXPECT_EQ(both.status, "changed_locally");
  // Another contract and another workspace see none of it.
  for (const auto& e : days("contract-2", day0, day0 + 6))
    EXPECT_EQ(e.status, "match");
  pqxx::work tx{db};
  EXPECT_FALSE(recon::contract_exists(tx, b.workspace_id, "contract-2"));
  EXPECT_TRUE(recon::contract_exists(tx, a.workspace_id, "contract-2"));
  for (const auto& e : recon::contract_days(tx, b.workspace_id, "contract-1", day0, day0 + 6))
    EXPECT_EQ(e.status, "match");
}

TEST_F(upwork_reconciliation_store_test, mismatches_are_counted_per_organization_in_one_query) {
  sync_cells("contract-1", day0, 60, 2);
  sync_cells("contract-2", day0 + 1, 60, 2);
  report({day_report("contract-1", day0, 1200), day_report("contract-1", day0 + 2, 3600),
          day_report("contract-2", day0 + 1, 1200), day_report("contract-2", day0 + 3, 600)});
  exec("DELETE FROM time_intervals WHERE upwork_contract_id = 'contract-2'");
  pqxx::work tx{db};
  auto counts = recon::mismatches_by_organization(tx, a.workspace_id, {"org-1", "org-x"}, day0, day0 + 6);
  // contract-1: day0 + 2 pending; contract-2: day0 + 1 changed locally, day0 + 3 pending.
  ASSERT_EQ(counts.size(), 1u);
  EXPECT_EQ(counts.at("org-1"), 3);
  // Outside the range or in another workspace: nothing.
  EXPECT_TRUE(recon::mismatches_by_organization(tx, a.workspace_id, {"org-1"}, day0 + 4, day0 + 6).empty());
  EXPECT_TRUE(recon::mismatches_by_organization(tx, b.workspace_id, {"org-1"}, day0, day0 + 6).empty());
  EXPECT_TRUE(recon::mismatches_by_organization(tx, a.workspace_id, {}, day0, day0 + 6).empty());
}

// Issue 20: a webhook hears of mismatches when their count rises after a complete cycle,
// once per rise, never for a count it already reported.
TEST_F(upwork_reconciliation_store_test, a_rise_in_mismatches_is_a_webhook_event_once) {
  auto events = [&] {
    pqxx::work tx{db};
    return tx.exec1("SELECT count(*) FROM webhook_events WHERE type = 'reconciliation.mismatch'")[0].as<int>();
  };
  auto cycle_done = [&] {
    pqxx::work tx{db};
    webhook_events::reconciliation(tx, {{a.workspace_id, "org-1"}}, day0 + 6, (day0 + 6) * 86400);
    tx.commit();
  };
  {
    pqxx::work tx{db};
    auto key = *secret_key::from_hex(std::string(64, 'b'));
    webhooks::create_endpoint(tx, a.workspace_id, a.member_id, "https://hooks.example.com/",
                              {"reconciliation.mismatch"}, key, "whsec_x");
    tx.commit();
  }
  sync_cells("contract-1", day0, 60, 2);
  report({day_report("contract-1", day0, 1200)});
  cycle_done();
  EXPECT_EQ(events(), 0) << "everything matches";
  report({day_report("contract-1", day0 + 2, 3600)});
  cycle_done();
  EXPECT_EQ(events(), 1);
  cycle_done();
  EXPECT_EQ(events(), 1) << "the same mismatch is not news";
  report({day_report("contract-1", day0 + 3, 600)});
  cycle_done();
  EXPECT_EQ(events(), 2) << "a second mismatched day is";
  pqxx::work tx{db};
  auto body = tx.exec1("SELECT body FROM webhook_events ORDER BY id DESC LIMIT 1")[0].as<std::string>();
  EXPECT_NE(body.find(R"("organization_id":"org-1","mismatched_days":2)"), std::string::npos) << body;
}
