#include "storage/sync_runs.hpp"

#include "domain/calendar.hpp"

#include <algorithm>
#include <numeric>
#include <tuple>

namespace upsync::storage::sync_writer {

namespace {

constexpr std::int64_t cell_seconds = 600;

bool same_contract(const cell_row& x, const cell_row& y) {
  return x.workspace_id == y.workspace_id && x.contract_id == y.contract_id;
}

} // namespace

ordered_cells order_into_runs(const std::vector<cell_row>& cells) {
  ordered_cells out;
  out.order.resize(cells.size());
  std::iota(out.order.begin(), out.order.end(), std::size_t{0});
  // Stable, so that of equal keys the first in batch order comes first and is kept.
  std::stable_sort(out.order.begin(), out.order.end(), [&](std::size_t x, std::size_t y) {
    const auto& a = cells[x];
    const auto& b = cells[y];
    return std::tie(a.workspace_id, a.contract_id, a.cell_start)
           < std::tie(b.workspace_id, b.contract_id, b.cell_start);
  });
  out.order.erase(std::unique(out.order.begin(), out.order.end(),
                              [&](std::size_t x, std::size_t y) {
                                return same_contract(cells[x], cells[y]) && cells[x].cell_start == cells[y].cell_start;
                              }),
                  out.order.end());
  for (std::size_t i = 0; i < out.order.size(); ++i) {
    const auto& c = cells[out.order[i]];
    if (!out.runs.empty()) {
      auto& run = out.runs.back();
      const auto& last = cells[out.order[run.first + run.count - 1]];
      if (same_contract(c, last) && c.cell_start == last.cell_start + cell_seconds
          && domain::day_of(c.cell_start) == domain::day_of(last.cell_start)) {
        ++run.count;
        continue;
      }
    }
    out.runs.push_back(cell_run{i, 1});
  }
  return out;
}

} // namespace upsync::storage::sync_writer
