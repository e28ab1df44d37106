// A rate change and a writer's batch meet (issue 16, point 4): the batch's intervals end up
// with the rates in force when it commits, whichever came first. The batch is priced by the
// engine at its plan's rates_version; a change of the manager's rates moves the contract's
// version on under a FOR UPDATE lock, which the writer's FOR KEY SHARE waits for.
#include "storage/sync_writer.hpp"
#include "storage/upwork_rate_store.hpp"
#include "tests/storage/upwork_fixture.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/pg_cluster.hpp"

#include <future>
#include <gtest/gtest.h>
#include <pqxx/pqxx>

using namespace upsync::storage;
using upsync::testing::pg_cluster;

namespace {

constexpr std::int64_t day0 = 20605; // 2026-06-01
constexpr std::int64_t midnight = day0 * 86400;
constexpr std::int64_t hour = 3600;

class sync_writer_rates_test : public ::testing::Test {
protected:
  sync_writer_rates_test() : url(pg_cluster::shared().create_migrated_database()), db(url) {
    pqxx::work tx{db};
    a = upsync::testing::make_upwork_chain(tx, "A"); // an agency: pay is the manager's, bill Upwork's
    // Upwork's rate history, and the manager's pay rate, from well before the days written.
    upwork_rate_store::set_step(tx, a.workspace_id, a.contract_id, "pay", day0 - 30, "10.00", "USD");
    tx.exec_params0("INSERT INTO upwork_contract_rates (workspace_id, contract_id, side, effective_from, rate,"
                    " currency) VALUES ($1, $2, 'upwork', date '1970-01-01' + $3::integer, 25.00, 'USD')",
                    a.workspace_id, a.contract_id, static_cast<std::int32_t>(day0 - 30));
    tx.commit();
    version_read = rates_version();
  }

  std::int64_t rates_version() {
    pqxx::work tx{db};
    return tx.exec_params1("SELECT rates_version FROM upwork_contracts WHERE id = $1", a.contract_id)[0]
      .as<std::int64_t>();
  }

  /// Three cells of `day`, priced as the engine's plan said at `version`: pay 10, bill 25.
  sync_writer::sync_batch batch_of(std::int64_t day, std::int64_t version) {
    sync_writer::sync_batch b;
    for (int i = 0; i < 3; ++i)
      b.cells.push_back(sync_writer::cell_row{a.workspace_id, a.contract_id, day * 86400 + 9 * hour + i * 600, false,
                                              a.member_id, a.project_id, std::string{"10.00"}, std::string{"25.00"},
                                              "USD", version});
    return b;
  }

  /// pay_rate and bill_rate of the contract's intervals starting on `day`, as text.
  std::vector<std::pair<std::string, std::string>> rates_on(std::int64_t day) {
    pqxx::work tx{db};
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& r : tx.exec_params("SELECT coalesce(pay_rate::text, '-'), coalesce(bill_rate::text, '-')"
                                        " FROM time_intervals WHERE upwork_contract_id = $1"
                                        " AND started_at >= to_timestamp($2::bigint * 86400)"
                                        " AND started_at < to_timestamp(($2::bigint + 1) * 86400) ORDER BY id",
                                        a.contract_id, day))
      out.emplace_back(r[0].as<std::string>(), r[1].as<std::string>());
    return out;
  }

  using rates = std::vector<std::pair<std::string, std::string>>;

  std::string url;
  pqxx::connection db;
  upsync::testing::upwork_chain a;
  std::int64_t version_read = 0;
};

} // namespace

TEST_F(sync_writer_rates_test, a_batch_priced_at_the_current_version_keeps_its_rates) {
  auto result = sync_writer::write(db, batch_of(day0, version_read));
  ASSERT_EQ(result.intervals.size(), 1u);
  EXPECT_EQ(rates_on(day0), (rates{{"10.00", "25.00"}}));
}

TEST_F(sync_writer_rates_test, every_rate_change_moves_the_contracts_version_on) {
  pqxx::work tx{db};
  upwork_rate_store::set_step(tx, a.workspace_id, a.contract_id, "pay", day0, "12.00", "USD");
  upwork_rate_store::correct_from(tx, a.workspace_id, a.contract_id, "agency", "upwork_override", day0, "30.00", "USD");
  tx.commit();
  EXPECT_EQ(rates_version(), version_read + 2);
}

TEST_F(sync_writer_rates_test, a_batch_priced_before_a_correction_committed_takes_the_corrected_rates) {
  {
    pqxx::work tx{db};
    upwork_rate_store::correct_from(tx, a.workspace_id, a.contract_id, "agency", "pay", day0 + 1, "40.00", "USD");
    upwork_rate_store::correct_from(tx, a.workspace_id, a.contract_id, "agency", "upwork_override", day0 + 1, "30.00",
                                    "USD");
    tx.commit();
  }
  // Priced by a plan read before the correction: the day before it keeps the old rates,
  // the corrected day takes the new ones on both sides.
  auto stale = batch_of(day0, version_read);
  for (auto& c : batch_of(day0 + 1, version_read).cells)
    stale.cells.push_back(c);
  sync_writer::write(db, stale);
  EXPECT_EQ(rates_on(day0), (rates{{"10.00", "25.00"}}));
  EXPECT_EQ(rates_on(day0 + 1), (rates{{"40.00", "30.00"}}));
}

TEST_F(sync_writer_rates_test, a_cleared_manager_rate_leaves_a_stale_batch_without_that_rate) {
  {
    pqxx::work tx{db};
    upwork_rate_store::correct_from(tx, a.workspace_id, a.contract_id, "agency", "pay", day0, std::nullopt, "USD");
    tx.commit();
  }
  sync_writer::write(db, batch_of(day0, version_read));
  EXPECT_EQ(rates_on(day0), (rates{{"-", "25.00"}}));
}

TEST_F(sync_writer_rates_test, a_writer_waits_for_a_correction_in_progress_and_commits_its_rates) {
  pqxx::connection other{url};
  pqxx::work correction{other};
  upwork_rate_store::correct_from(correction, a.workspace_id, a.contract_id, "agency", "pay", day0, "55.00", "USD");

  // The writer, with a batch priced before the correction, blocks on the contract's row.
  auto writing = std::async(std::launch::async, [&] {
    pqxx::connection writer_db{url};
    return sync_writer::write(writer_db, batch_of(day0, version_read));
  });
  ASSERT_TRUE(upsync::testing::eventually([&] {
    pqxx::connection probe{url};
    pqxx::work tx{probe};
    return tx.exec1("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                    " AND query LIKE '%FOR KEY SHARE%'")[0]
             .as<int>()
           == 1;
  }));
  EXPECT_EQ(writing.wait_for(std::chrono::milliseconds(0)), std::future_status::timeout);
  correction.commit();
  auto result = writing.get();
  ASSERT_EQ(result.intervals.size(), 1u);
  EXPECT_EQ(rates_on(day0), (rates{{"55.00", "25.00"}}));
}

TEST_F(sync_writer_rates_test, a_correction_after_a_batch_committed_corrects_its_intervals) {
  sync_writer::write(db, batch_of(day0, version_read));
  pqxx::work tx{db};
  auto r = upwork_rate_store::correct_from(tx, a.workspace_id, a.contract_id, "agency", "pay", day0, "60.00", "USD");
  tx.commit();
  EXPECT_EQ(r.intervals_updated.size(), 1u);
  EXPECT_EQ(rates_on(day0), (rates{{"60.00", "25.00"}}));
}
