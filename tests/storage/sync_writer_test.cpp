// The writer's transaction against real PostgreSQL: only new cells become intervals,
// idempotent re-writes, edited and deleted intervals left alone, reconciliation, totals
// and cursors, several workspaces, atomicity, concurrency and a large batch.
// Over 400 lines on purpose: the writer is the one place intervals are made; its cases (idempotence, edits kept,
// atomicity, concurrency) share one fixture.
#include "storage/interval_store.hpp"
#include "storage/sync_writer.hpp"
#include "tests/storage/upwork_fixture.hpp"
#include "tests/support/pg_cluster.hpp"

#include <chrono>
#include <gtest/gtest.h>
#include <iostream>
#include <pqxx/pqxx>
#include <thread>

using namespace upsync::storage;
using upsync::testing::pg_cluster;
using upsync::testing::upwork_chain;

namespace {

// 2026-06-01 00:00:00 UTC, day 20605.
constexpr std::int64_t day0 = 20605;
constexpr std::int64_t midnight = day0 * 86400;
constexpr std::int64_t hour = 3600;

class sync_writer_test : public ::testing::Test {
protected:
  sync_writer_test() : url(pg_cluster::shared().create_migrated_database()), db(url) {
    pqxx::work tx{db};
    a = upsync::testing::make_upwork_chain(tx, "A");
    tx.commit();
  }

  sync_writer::cell_row cell(std::int64_t start, const std::string& contract = "contract-1") {
    return sync_writer::cell_row{
      a.workspace_id,       contract, start, false, a.member_id, a.project_id, std::string{"10.00"},
      std::string{"25.00"}, "USD"};
  }
  /// Cells from `start`, every 600 s, `n` of them.
  std::vector<sync_writer::cell_row> run(std::int64_t start, int n, const std::string& contract = "contract-1") {
    std::vector<sync_writer::cell_row> out;
    for (int i = 0; i < n; ++i)
      out.push_back(cell(start + i * 600, contract));
    return out;
  }
  sync_writer::day_row day(std::int64_t d, std::int32_t seconds, const std::string& contract = "contract-1") {
    return sync_writer::day_row{a.workspace_id, contract, d, seconds};
  }
  std::int64_t count(const std::string& sql) {
    pqxx::work tx{db};
    return tx.exec1(sql)[0].as<std::int64_t>();
  }

  std::string url;
  pqxx::connection db;
  upwork_chain a;
};

std::vector<sync_writer::cell_row> operator+(std::vector<sync_writer::cell_row> x,
                                             const std::vector<sync_writer::cell_row>& y) {
  x.insert(x.end(), y.begin(), y.end());
  return x;
}

void append(std::vector<sync_writer::cell_row>& x, const std::vector<sync_writer::cell_row>& y) {
  x.insert(x.end(), y.begin(), y.end());
}

} // namespace

TEST_F(sync_writer_test, contiguous_new_cells_merge_into_one_interval_and_the_ledger_points_at_it) {
  sync_writer::sync_batch batch;
  // 10:00-10:30 and, after a gap, 11:00-11:10.
  batch.cells = run(midnight + 10 * hour, 3) + run(midnight + 11 * hour, 1);
  auto result = sync_writer::write(db, batch);

  EXPECT_EQ(result.cells_inserted, 4u);
  ASSERT_EQ(result.intervals.size(), 2u);
  EXPECT_EQ(result.intervals[0].started_at, midnight + 10 * hour);
  EXPECT_EQ(result.intervals[0].ended_at, midnight + 10 * hour + 1800);
  EXPECT_EQ(result.intervals[1].started_at, midnight + 11 * hour);
  EXPECT_EQ(result.intervals[1].ended_at, midnight + 11 * hour + 600);

  pqxx::work tx{db};
  auto iv = interval_store::find(tx, a.workspace_id, result.intervals[0].id);
  ASSERT_TRUE(iv);
  EXPECT_EQ(iv->source, "upwork");
  EXPECT_EQ(iv->upwork_contract_id, "contract-1");
  EXPECT_EQ(iv->member_id, a.member_id);
  EXPECT_EQ(iv->project_id, a.project_id);
  EXPECT_EQ(iv->pay_rate, "10.00");
  EXPECT_EQ(iv->bill_rate, "25.00");
  EXPECT_EQ(iv->currency, "USD");
  EXPECT_EQ(iv->seconds, 1800);
  // Every ledger cell points at the interval that covers it.
  auto rows = tx.exec("SELECT extract(epoch FROM c.cell_start)::bigint, c.interval_id, "
                      "extract(epoch FROM t.started_at)::bigint, extract(epoch FROM t.ended_at)::bigint "
                      "FROM upwork_cells c JOIN time_intervals t ON t.id = c.interval_id");
  ASSERT_EQ(rows.size(), 4u);
  for (const auto& r : rows) {
    EXPECT_GE(r[0].as<std::int64_t>(), r[2].as<std::int64_t>());
    EXPECT_LT(r[0].as<std::int64_t>(), r[3].as<std::int64_t>());
  }
}

TEST_F(sync_writer_test, an_interval_never_crosses_midnight_utc) {
  sync_writer::sync_batch batch;
  batch.cells = run(midnight - 1200, 4); // 23:40 .. 00:20
  auto result = sync_writer::write(db, batch);
  ASSERT_EQ(result.intervals.size(), 2u);
  EXPECT_EQ(result.intervals[0].started_at, midnight - 1200);
  EXPECT_EQ(result.intervals[0].ended_at, midnight);
  EXPECT_EQ(result.intervals[1].started_at, midnight);
  EXPECT_EQ(result.intervals[1].ended_at, midnight + 1200);
}

TEST_F(sync_writer_test, an_interval_takes_member_project_rates_and_currency_of_its_first_cell) {
  pqxx::work setup{db};
  auto other_project =
    setup.exec_params1("INSERT INTO projects (workspace_id, name) VALUES ($1, 'Other') RETURNING id", a.workspace_id)[0]
      .as<db_id>();
  setup.commit();
  sync_writer::sync_batch batch;
  batch.cells = run(midnight + 9 * hour, 2);
  // Listed out of order: the first cell in time decides, not the first in the batch.
  batch.cells[0].pay_rate = std::nullopt;
  batch.cells[0].bill_rate = std::string{"30.50"};
  batch.cells[0].currency = "EUR";
  batch.cells[1].project_id = other_project;
  std::swap(batch.cells[0], batch.cells[1]);
  auto result = sync_writer::write(db, batch);
  ASSERT_EQ(result.intervals.size(), 1u);
  pqxx::work tx{db};
  auto iv = interval_store::find(tx, a.workspace_id, result.intervals[0].id);
  ASSERT_TRUE(iv);
  EXPECT_EQ(iv->project_id, a.project_id);
  EXPECT_EQ(iv->pay_rate, std::nullopt);
  EXPECT_EQ(iv->bill_rate, "30.50");
  EXPECT_EQ(iv->currency, "EUR");
  EXPECT_EQ(iv->seconds, 1200);
}

TEST_F(sync_writer_test, writing_the_same_batch_twice_creates_no_second_interval_or_ledger_row) {
  sync_writer::sync_batch batch;
  batch.cells = run(midnight + 8 * hour, 6) + run(midnight + 14 * hour, 2);
  batch.days = {day(day0, 8 * 600)};
  auto first = sync_writer::write(db, batch);
  EXPECT_EQ(first.intervals.size(), 2u);
  auto second = sync_writer::write(db, batch);
  EXPECT_TRUE(second.intervals.empty());
  EXPECT_EQ(second.cells_inserted, 0u);
  EXPECT_EQ(second.cells_vanished, 0u);
  EXPECT_EQ(count("SELECT count(*) FROM time_intervals"), 2);
  EXPECT_EQ(count("SELECT count(*) FROM upwork_cells"), 8);
  EXPECT_EQ(count("SELECT count(*) FROM upwork_cells WHERE interval_id IS NULL"), 0);
}

TEST_F(sync_writer_test, duplicate_cells_within_one_batch_count_once) {
  sync_writer::sync_batch batch;
  batch.cells = run(midnight + 8 * hour, 2) + run(midnight + 8 * hour, 3);
  auto result = sync_writer::write(db, batch);
  EXPECT_EQ(result.cells_inserted, 3u);
  ASSERT_EQ(result.intervals.size(), 1u);
  EXPECT_EQ(result.intervals[0].ended_at - result.intervals[0].started_at, 1800);
}

TEST_F(sync_writer_test, an_overlapping_batch_creates_intervals_only_from_the_new_cells) {
  sync_writer::sync_batch first;
  first.cells = run(midnight + 10 * hour, 3); // 10:00-10:30
  sync_writer::write(db, first);
  sync_writer::sync_batch second;
  // Re-read 09:50-10:50: 09:50 and 10:30-10:50 are new (retroactive and late uploads).
  second.cells = run(midnight + 10 * hour - 600, 6);
  auto result = sync_writer::write(db, second);
  EXPECT_EQ(result.cells_inserted, 3u);
  ASSERT_EQ(result.intervals.size(), 2u);
  EXPECT_EQ(result.intervals[0].started_at, midnight + 10 * hour - 600);
  EXPECT_EQ(result.intervals[0].ended_at, midnight + 10 * hour);
  EXPECT_EQ(result.intervals[1].started_at, midnight + 10 * hour + 1800);
  EXPECT_EQ(result.intervals[1].ended_at, midnight + 10 * hour + 3000);
  // No two intervals of the contract overlap, and together they cover exactly the cells.
  EXPECT_EQ(count("SELECT count(*) FROM time_intervals a JOIN time_intervals b ON a.id < b.id "
                  "AND a.started_at < b.ended_at AND b.started_at < a.ended_at"),
            0);
  EXPECT_EQ(count("SELECT sum(seconds) FROM time_intervals"), 6 * 600);
}

TEST_F(sync_writer_test, an_interval_a_person_deleted_is_never_recreated) {
  sync_writer::sync_batch batch;
  batch.cells = run(midnight + 10 * hour, 3);
  auto first = sync_writer::write(db, batch);
  ASSERT_EQ(first.intervals.size(), 1u);
  {
    pqxx::work tx{db};
    ASSERT_TRUE(interval_store::remove(tx, a.workspace_id, first.intervals[0].id));
    tx.commit();
  }
  EXPECT_EQ(count("SELECT count(*) FROM upwork_cells WHERE interval_id IS NULL"), 3);
  auto again = sync_writer::write(db, batch);
  EXPECT_TRUE(again.intervals.empty());
  EXPECT_EQ(count("SELECT count(*) FROM time_intervals"), 0);
  // The ledger keeps the cells, still without an interval.
  EXPECT_EQ(count("SELECT count(*) FROM upwork_cells WHERE interval_id IS NULL"), 3);
}

TEST_F(sync_writer_test, an_interval_a_person_edited_is_never_modified) {
  sync_writer::sync_batch batch;
  batch.cells = run(midnight + 10 * hour, 3);
  auto first = sync_writer::write(db, batch);
  ASSERT_EQ(first.intervals.size(), 1u);
  auto id = first.intervals[0].id;
  {
    pqxx::work tx{db};
    interval_store::interval_patch patch;
    patch.started_at = midnight + 10 * hour + 300;
    patch.project_id = std::optional<db_id>{};
    ASSERT_TRUE(interval_store::update(tx, a.workspace_id, id, patch));
    tx.commit();
  }
  // The same cells and one more: only the new cell becomes a (separate) interval.
  batch.cells = run(midnight + 10 * hour, 4);
  auto again = sync_writer::write(db, batch);
  ASSERT_EQ(again.intervals.size(), 1u);
  EXPECT_EQ(again.intervals[0].started_at, midnight + 10 * hour + 1800);
  pqxx::work tx{db};
  auto edited = interval_store::find(tx, a.workspace_id, id);
  ASSERT_TRUE(edited);
  EXPECT_EQ(edited->started_at, midnight + 10 * hour + 300);
  EXPECT_EQ(edited->ended_at, midnight + 10 * hour + 1800);
  EXPECT_EQ(edited->project_id, std::nullopt);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM upwork_cells WHERE interval_id = " + std::to_string(id))[0].as<int>(), 3);
}

TEST_F(sync_writer_test, cells_that_vanish_upstream_are_marked_not_deleted_and_cleared_when_back) {
  sync_writer::sync_batch first;
  first.cells = run(midnight + 10 * hour, 3) + run(midnight + 86400 + 10 * hour, 1);
  first.days = {day(day0, 1800), day(day0 + 1, 600)};
  auto written = sync_writer::write(db, first);
  ASSERT_EQ(written.intervals.size(), 2u);

  // Day 0 re-fetched without its middle cell; day 1 not fetched this time.
  sync_writer::sync_batch second;
  second.cells = {cell(midnight + 10 * hour), cell(midnight + 10 * hour + 1200)};
  second.days = {day(day0, 1200)};
  auto result = sync_writer::write(db, second);
  EXPECT_EQ(result.cells_vanished, 1u);
  EXPECT_TRUE(result.intervals.empty());
  EXPECT_EQ(count("SELECT count(*) FROM upwork_cells"), 4);
  EXPECT_EQ(count("SELECT count(*) FROM upwork_cells WHERE vanished_at IS NOT NULL AND "
                  "cell_start = to_timestamp("
                  + std::to_string(midnight + 10 * hour + 600) + ")"),
            1);
  EXPECT_EQ(count("SELECT count(*) FROM upwork_cells WHERE vanished_at IS NOT NULL"), 1);
  // Sync never removes time: the interval is untouched.
  EXPECT_EQ(count("SELECT sum(seconds) FROM time_intervals"), 2400);

  // A fetched day with no cells at all: all its cells vanish.
  sync_writer::sync_batch empty_day;
  empty_day.days = {day(day0 + 1, 0)};
  EXPECT_EQ(sync_writer::write(db, empty_day).cells_vanished, 1u);

  // The cell is back upstream: no longer vanished, and not turned into a second interval.
  auto back = sync_writer::write(db, first);
  EXPECT_EQ(back.cells_vanished, 0u);
  EXPECT_TRUE(back.intervals.empty());
  EXPECT_EQ(count("SELECT count(*) FROM upwork_cells WHERE vanished_at IS NOT NULL"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM time_intervals"), 2);
}

TEST_F(sync_writer_test, a_day_read_with_skipped_entries_marks_nothing_vanished_but_records_its_total) {
  sync_writer::sync_batch first;
  first.cells = run(midnight + 10 * hour, 3);
  first.days = {day(day0, 1800)};
  sync_writer::write(db, first);

  // Upwork's list held an entry that could not be read: the cells missing from the day
  // may be that one, so none is marked vanished; the day's total is still recorded.
  sync_writer::sync_batch partial;
  partial.cells = {cell(midnight + 10 * hour)};
  partial.days = {day(day0, 1200)};
  partial.days[0].complete = false;
  EXPECT_EQ(sync_writer::write(db, partial).cells_vanished, 0u);
  EXPECT_EQ(count("SELECT count(*) FROM upwork_cells WHERE vanished_at IS NOT NULL"), 0);
  EXPECT_EQ(count("SELECT seconds FROM upwork_day_totals"), 1200);
}

TEST_F(sync_writer_test, day_totals_and_cursors_are_upserted_with_the_cells) {
  sync_writer::sync_batch batch;
  batch.cells = run(midnight + 10 * hour, 2);
  batch.days = {day(day0, 1200), day(day0 + 1, 0)};
  batch.cursors = {{a.workspace_id, "contract-1", "running", 2, 90, day0 - 88, day0 + 1}};
  sync_writer::write(db, batch);
  EXPECT_EQ(count("SELECT seconds FROM upwork_day_totals WHERE day = date '2026-06-01'"), 1200);
  EXPECT_EQ(count("SELECT count(*) FROM upwork_day_totals"), 2);

  batch.days = {day(day0, 1800)};
  batch.cursors = {{a.workspace_id, "contract-1", "done", 90, 90, day0 - 88, std::nullopt}};
  sync_writer::write(db, batch);
  EXPECT_EQ(count("SELECT seconds FROM upwork_day_totals WHERE day = date '2026-06-01'"), 1800);
  pqxx::work tx{db};
  auto c = tx.exec1("SELECT import_state, days_done, days_total, window_start - date '1970-01-01', "
                    "synced_through IS NULL, last_synced_at IS NOT NULL FROM upwork_sync_cursors");
  EXPECT_EQ(c[0].as<std::string>(), "done");
  EXPECT_EQ(c[1].as<int>(), 90);
  EXPECT_EQ(c[2].as<int>(), 90);
  EXPECT_EQ(c[3].as<std::int64_t>(), day0 - 88);
  EXPECT_TRUE(c[4].as<bool>());
  EXPECT_TRUE(c[5].as<bool>());
}

TEST_F(sync_writer_test, several_workspaces_and_contracts_in_one_batch) {
  upwork_chain b;
  {
    pqxx::work tx{db};
    upsync::testing::add_contract(tx, a, "contract-2");
    b = upsync::testing::make_upwork_chain(tx, "B"); // also has a "contract-1"
    tx.commit();
  }
  sync_writer::sync_batch batch;
  // Same times in three contracts: contiguous cells of different contracts never merge.
  batch.cells = run(midnight + 10 * hour, 2) + run(midnight + 10 * hour + 1200, 1, "contract-2");
  for (std::int64_t t : {midnight + 10 * hour, midnight + 10 * hour + 600}) {
    batch.cells.push_back(
      {b.workspace_id, "contract-1", t, true, b.member_id, b.project_id, std::nullopt, std::nullopt, "USD"});
  }
  batch.days = {day(day0, 1200), day(day0, 600, "contract-2"),
                sync_writer::day_row{b.workspace_id, "contract-1", day0, 1200}};
  batch.cursors = {{a.workspace_id, "contract-1", "done", 1, 1, day0, day0},
                   {b.workspace_id, "contract-1", "running", 1, 2, day0, day0}};
  auto result = sync_writer::write(db, batch);
  EXPECT_EQ(result.cells_inserted, 5u);
  ASSERT_EQ(result.intervals.size(), 3u);
  for (const auto& iv : result.intervals) {
    if (iv.workspace_id == b.workspace_id) {
      EXPECT_EQ(iv.member_id, b.member_id);
      EXPECT_EQ(iv.ended_at - iv.started_at, 1200);
    } else if (iv.contract_id == "contract-2") {
      EXPECT_EQ(iv.started_at, midnight + 10 * hour + 1200);
    } else {
      EXPECT_EQ(iv.ended_at - iv.started_at, 1200);
    }
  }
  pqxx::work tx{db};
  EXPECT_EQ(interval_store::list(tx, b.workspace_id, {}, std::nullopt, 10).size(), 1u);
  EXPECT_EQ(interval_store::list(tx, a.workspace_id, {}, std::nullopt, 10).size(), 2u);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM upwork_sync_cursors")[0].as<int>(), 2);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM upwork_cells WHERE manual")[0].as<int>(), 2);
}

TEST_F(sync_writer_test, a_failing_batch_writes_nothing_and_the_connection_stays_usable) {
  sync_writer::sync_batch batch;
  batch.cells = run(midnight + 10 * hour, 2) + run(midnight + 10 * hour, 1, "no-such-contract");
  batch.days = {day(day0, 1800)};
  batch.cursors = {{a.workspace_id, "contract-1", "done", 1, 1, day0, day0}};
  EXPECT_THROW(sync_writer::write(db, batch), pqxx::foreign_key_violation);
  EXPECT_EQ(count("SELECT count(*) FROM upwork_cells"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM time_intervals"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM upwork_day_totals"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM upwork_sync_cursors"), 0);

  batch.cells.pop_back();
  auto result = sync_writer::write(db, batch);
  EXPECT_EQ(result.intervals.size(), 1u);
  EXPECT_EQ(count("SELECT count(*) FROM upwork_sync_cursors"), 1);
}

TEST_F(sync_writer_test, a_cell_of_a_contract_another_workspace_holds_is_refused) {
  sync_writer::sync_batch batch;
  batch.cells = run(midnight + 10 * hour, 2);
  batch.cells[1].workspace_id = a.workspace_id + 1000; // contract-1 is workspace a's
  try {
    sync_writer::write(db, batch);
    FAIL() << "written";
  } catch (const pqxx::foreign_key_violation& e) {
    EXPECT_NE(std::string{e.what()}.find("contract-1"), std::string::npos) << e.what();
  }
  EXPECT_EQ(count("SELECT count(*) FROM upwork_cells"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM time_intervals"), 0);
}

// Migration 0007 keeps the guarantees of the ledger's former foreign keys on the side
// that rarely changes: a contract the ledger names stays, a deleted interval is forgotten.
TEST_F(sync_writer_test, a_contract_the_ledger_names_cannot_be_deleted_or_rekeyed) {
  sync_writer::sync_batch batch;
  batch.cells = run(midnight + 10 * hour, 2);
  sync_writer::write(db, batch);
  auto refused = [&](const std::string& sql) {
    pqxx::work tx{db};
    tx.exec0("DELETE FROM upwork_contract_rates; DELETE FROM upwork_sync_cursors;"
             " DELETE FROM upwork_day_totals");
    try {
      tx.exec0(sql);
    } catch (const pqxx::foreign_key_violation& e) {
      EXPECT_NE(std::string{e.what()}.find("upwork_cells"), std::string::npos) << e.what();
      return true;
    }
    return false;
  };
  EXPECT_TRUE(refused("DELETE FROM upwork_contracts WHERE id = 'contract-1'"));
  EXPECT_TRUE(refused("UPDATE upwork_contracts SET id = 'contract-9' WHERE id = 'contract-1'"));
  EXPECT_TRUE(refused("TRUNCATE upwork_contracts CASCADE"));
  EXPECT_EQ(count("SELECT count(*) FROM upwork_contracts WHERE id = 'contract-1'"), 1);
  // Other columns change freely.
  pqxx::work tx{db};
  tx.exec0("UPDATE upwork_contracts SET project_id = NULL WHERE id = 'contract-1'");
  tx.commit();
}

TEST_F(sync_writer_test, emptying_the_intervals_leaves_the_ledger_without_links_and_nothing_recreated) {
  sync_writer::sync_batch batch;
  batch.cells = run(midnight + 10 * hour, 3);
  sync_writer::write(db, batch);
  {
    pqxx::work tx{db};
    tx.exec0("TRUNCATE time_intervals");
    tx.commit();
  }
  EXPECT_EQ(count("SELECT count(*) FROM upwork_cells WHERE interval_id IS NULL"), 3);
  EXPECT_TRUE(sync_writer::write(db, batch).intervals.empty());
  EXPECT_EQ(count("SELECT count(*) FROM time_intervals"), 0);
}

TEST_F(sync_writer_test, a_cell_off_the_ten_minute_grid_is_refused_before_writing) {
  sync_writer::sync_batch batch;
  batch.cells = run(midnight + 10 * hour, 2);
  batch.cells[1].cell_start += 60;
  EXPECT_THROW(sync_writer::write(db, batch), std::invalid_argument);
  EXPECT_EQ(count("SELECT count(*) FROM upwork_cells"), 0);
}

TEST_F(sync_writer_test, concurrent_writers_of_the_same_cells_create_each_interval_once) {
  sync_writer::sync_batch batch;
  for (int d = 0; d < 7; ++d)
    for (int h = 0; h < 24; h += 3)
      append(batch.cells, run(midnight + d * 86400 + h * hour, 9));
  std::vector<std::size_t> created(4);
  std::vector<std::thread> writers;
  for (std::size_t i = 0; i < created.size(); ++i)
    writers.emplace_back([&, i] {
      pqxx::connection own{url};
      created[i] = sync_writer::write(own, batch).intervals.size();
    });
  for (auto& t : writers)
    t.join();
  std::size_t total = 0;
  for (auto n : created)
    total += n;
  EXPECT_EQ(total, 7u * 8u);
  EXPECT_EQ(count("SELECT count(*) FROM time_intervals"), 7 * 8);
  EXPECT_EQ(count("SELECT sum(seconds) FROM time_intervals"), 7 * 8 * 9 * 600);
  EXPECT_EQ(count("SELECT count(*) FROM upwork_cells WHERE interval_id IS NULL"), 0);
}

TEST_F(sync_writer_test, a_large_batch_of_many_contracts_is_written_in_one_transaction) {
  constexpr int contracts = 60;
  constexpr int days = 14;
  {
    pqxx::work tx{db};
    for (int c = 2; c <= contracts; ++c)
      upsync::testing::add_contract(tx, a, "contract-" + std::to_string(c));
    tx.commit();
  }
  sync_writer::sync_batch batch;
  std::int64_t expected_intervals = 0;
  for (int c = 1; c <= contracts; ++c) {
    auto id = "contract-" + std::to_string(c);
    for (int d = 0; d < days; ++d) {
      std::int64_t base = midnight + d * 86400;
      // Three runs a day: morning, afternoon, and one across midnight into the next day.
      append(batch.cells, run(base + 8 * hour, 24, id) + run(base + 13 * hour, 30, id) + run(base + 23 * hour, 12, id));
      expected_intervals += 4;
      batch.days.push_back({a.workspace_id, id, day0 + d, 0});
    }
    batch.cursors.push_back({a.workspace_id, id, "done", days, days, day0, day0 + days - 1});
  }
  auto t0 = std::chrono::steady_clock::now();
  auto result = sync_writer::write(db, batch);
  auto t1 = std::chrono::steady_clock::now();
  auto again = sync_writer::write(db, batch);
  auto t2 = std::chrono::steady_clock::now();
  std::cout << "[ timing ] " << batch.cells.size() << " cells: first write "
            << std::chrono::duration_cast<std::chrono::milliseconds>(t1 - t0).count() << " ms, re-write "
            << std::chrono::duration_cast<std::chrono::milliseconds>(t2 - t1).count() << " ms\n";
  EXPECT_EQ(result.cells_inserted, batch.cells.size());
  EXPECT_EQ(static_cast<std::int64_t>(result.intervals.size()), expected_intervals);
  EXPECT_TRUE(again.intervals.empty());
  EXPECT_EQ(again.cells_vanished, 0u);
  EXPECT_EQ(count("SELECT sum(seconds) FROM time_intervals"), static_cast<std::int64_t>(batch.cells.size()) * 600);
  EXPECT_EQ(count("SELECT count(*) FROM upwork_cells WHERE interval_id IS NULL"), 0);
  // No interval crosses midnight UTC.
  EXPECT_EQ(count("SELECT count(*) FROM time_intervals WHERE (started_at AT TIME ZONE 'UTC')::date "
                  "<> ((ended_at - interval '1 second') AT TIME ZONE 'UTC')::date"),
            0);
}

// The ledger rows of a batch are written once, already pointing at their interval (the
// interval ids are drawn before the ledger insert). When known cells split a run of new
// cells, every part still becomes its own interval and each ledger row points at the
// interval that covers it.
TEST_F(sync_writer_test, new_cells_split_by_known_ones_become_one_interval_per_part_each_holding_its_cells) {
  sync_writer::sync_batch known;
  known.cells = run(midnight + 10 * hour, 1) + run(midnight + 11 * hour, 2); // 10:00, 11:00-11:20
  ASSERT_EQ(sync_writer::write(db, known).intervals.size(), 2u);

  sync_writer::sync_batch batch;
  batch.cells = run(midnight + 9 * hour, 18); // 09:00-12:00: three parts are new
  auto result = sync_writer::write(db, batch);
  EXPECT_EQ(result.cells_inserted, 15u);
  ASSERT_EQ(result.intervals.size(), 3u);
  EXPECT_EQ(result.intervals[0].started_at, midnight + 9 * hour);
  EXPECT_EQ(result.intervals[0].ended_at, midnight + 10 * hour);
  EXPECT_EQ(result.intervals[1].started_at, midnight + 10 * hour + 600);
  EXPECT_EQ(result.intervals[1].ended_at, midnight + 11 * hour);
  EXPECT_EQ(result.intervals[2].started_at, midnight + 11 * hour + 1200);
  EXPECT_EQ(result.intervals[2].ended_at, midnight + 12 * hour);
  // Each new ledger row points at the interval that covers it; the known ones keep theirs.
  EXPECT_EQ(count("SELECT count(*) FROM upwork_cells c JOIN time_intervals t ON t.id = c.interval_id "
                  "WHERE c.cell_start >= t.started_at AND c.cell_start < t.ended_at"),
            18);
  EXPECT_EQ(count("SELECT count(*) FROM upwork_cells WHERE interval_id IS NULL"), 0);
  EXPECT_EQ(count("SELECT count(DISTINCT interval_id) FROM upwork_cells"), 5);
  EXPECT_EQ(count("SELECT sum(seconds) FROM time_intervals"), 18 * 600);
  // And the same batch once more is refused cell by cell by the ledger.
  auto again = sync_writer::write(db, batch);
  EXPECT_EQ(again.cells_inserted, 0u);
  EXPECT_TRUE(again.intervals.empty());
  EXPECT_EQ(count("SELECT count(*) FROM time_intervals"), 5);
}

// A statement failing after the cells and intervals were written (here the cursor of an
// unknown contract) rolls everything back: no ledger row, no interval, no day total.
TEST_F(sync_writer_test, a_batch_failing_after_its_cells_were_written_leaves_nothing_half_written) {
  sync_writer::session session{db};
  sync_writer::sync_batch batch;
  batch.cells = run(midnight + 10 * hour, 3) + run(midnight + 14 * hour, 2);
  batch.days = {day(day0, 5 * 600)};
  batch.cursors = {{a.workspace_id, "no-such-contract", "done", 1, 1, day0, day0}};
  EXPECT_THROW(session.write(batch), pqxx::foreign_key_violation);
  EXPECT_EQ(count("SELECT count(*) FROM upwork_cells"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM time_intervals"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM upwork_day_totals"), 0);

  // The same session writes the corrected batch whole afterwards.
  batch.cursors[0].contract_id = "contract-1";
  auto result = session.write(batch);
  EXPECT_EQ(result.cells_inserted, 5u);
  EXPECT_EQ(result.intervals.size(), 2u);
  EXPECT_EQ(count("SELECT count(*) FROM upwork_cells WHERE interval_id IS NULL"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM upwork_sync_cursors"), 1);
}

// A session keeps its staging tables and statistics across batches of any size; every
// batch is still written exactly as a fresh connection would write it.
TEST_F(sync_writer_test, a_session_writes_batches_of_growing_size_like_fresh_connections) {
  sync_writer::session session{db};
  std::int64_t cells = 0;
  for (int d = 0; d < 6; ++d) {
    sync_writer::sync_batch batch;
    int runs = 1 << (2 * d % 8); // 1, 4, 16, 47 (a day holds no more), 1, 4 runs of 2 cells
    for (int r = 0; r < runs && r < 47; ++r)
      append(batch.cells, run(midnight + d * 86400 + r * 1800, 2));
    batch.days = {day(day0 + d, 0)};
    auto result = session.write(batch);
    EXPECT_EQ(result.cells_inserted, batch.cells.size()) << "day " << d;
    EXPECT_EQ(result.intervals.size(), batch.cells.size() / 2) << "day " << d;
    cells += static_cast<std::int64_t>(batch.cells.size());
    EXPECT_TRUE(session.write(batch).intervals.empty());
  }
  EXPECT_EQ(count("SELECT count(*) FROM upwork_cells"), cells);
  EXPECT_EQ(count("SELECT count(*) FROM upwork_cells WHERE vanished_at IS NOT NULL"), 0);
  EXPECT_EQ(count("SELECT sum(seconds) FROM time_intervals"), cells * 600);
}
