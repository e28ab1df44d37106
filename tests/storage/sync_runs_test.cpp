// How the writer cuts a batch's cells into runs before anything reaches PostgreSQL.
#include "storage/sync_runs.hpp"

#include <gtest/gtest.h>

using namespace upsync::storage::sync_writer;

namespace {

constexpr std::int64_t midnight = 20605 * 86400;

cell_row cell(std::int64_t start, const std::string& contract = "c1", std::int64_t workspace = 1,
              const char* rate = "10.00") {
  return cell_row{workspace, contract, start, false, 7, std::nullopt, std::string{rate}, std::nullopt, "USD"};
}

/// Each run as (first cell's start, cell count).
std::vector<std::pair<std::int64_t, std::size_t>> runs_of(const std::vector<cell_row>& cells) {
  auto ordered = order_into_runs(cells);
  std::vector<std::pair<std::int64_t, std::size_t>> out;
  for (const auto& r : ordered.runs)
    out.emplace_back(cells[ordered.order[r.first]].cell_start, r.count);
  return out;
}

} // namespace

TEST(sync_runs, contiguous_cells_in_any_order_form_one_run_and_gaps_start_new_ones) {
  std::vector<cell_row> cells{cell(midnight + 1200), cell(midnight), cell(midnight + 600), cell(midnight + 3000)};
  using runs = std::vector<std::pair<std::int64_t, std::size_t>>;
  EXPECT_EQ(runs_of(cells), (runs{{midnight, 3}, {midnight + 3000, 1}}));
}

TEST(sync_runs, a_run_ends_at_midnight_utc_and_at_another_contract_or_workspace) {
  std::vector<cell_row> cells{cell(midnight - 600), cell(midnight), cell(midnight + 600, "c2"),
                              cell(midnight + 1200, "c2", 2)};
  auto ordered = order_into_runs(cells);
  ASSERT_EQ(ordered.runs.size(), 4u);
  for (const auto& r : ordered.runs)
    EXPECT_EQ(r.count, 1u);
  // Ledger-key order: workspace, contract, start.
  EXPECT_EQ(cells[ordered.order[0]].cell_start, midnight - 600);
  EXPECT_EQ(cells[ordered.order[1]].cell_start, midnight);
  EXPECT_EQ(cells[ordered.order[2]].contract_id, "c2");
  EXPECT_EQ(cells[ordered.order[3]].workspace_id, 2);
}

TEST(sync_runs, of_duplicate_cells_the_first_in_the_batch_is_kept) {
  std::vector<cell_row> cells{cell(midnight, "c1", 1, "10.00"), cell(midnight + 600), cell(midnight, "c1", 1, "99.00")};
  auto ordered = order_into_runs(cells);
  ASSERT_EQ(ordered.order.size(), 2u);
  ASSERT_EQ(ordered.runs.size(), 1u);
  EXPECT_EQ(ordered.runs[0].count, 2u);
  EXPECT_EQ(cells[ordered.order[0]].pay_rate, std::optional<std::string>{"10.00"});
}

TEST(sync_runs, no_cells_no_runs) {
  auto ordered = order_into_runs({});
  EXPECT_TRUE(ordered.order.empty());
  EXPECT_TRUE(ordered.runs.empty());
}
