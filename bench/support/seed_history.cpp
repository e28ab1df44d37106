#include "bench/support/seed_history.hpp"

#include "domain/hours.hpp"
#include "common/time_format.hpp"

#include <cstdio>
#include <pqxx/pqxx>
#include <stdexcept>
#include <tuple>

namespace upsync::bench {

namespace {

// What the engine stores for a day: the time report's hours (two decimals, as the
// simulator prints them) converted the engine's way, so that the next report compares equal.
std::int32_t reported_seconds(int cells) {
  char hours[32];
  std::snprintf(hours, sizeof hours, "%.2f", cells / 6.0);
  auto seconds = domain::hours_text_to_seconds(hours);
  if (!seconds)
    throw std::runtime_error(std::string{"hours not understood: "} + hours);
  return *seconds;
}

} // namespace

std::size_t seed_imported_history(const std::string& database_url, sim::simulator& sim, const seeded_world& world,
                                  int import_days) {
  const auto& w = sim.state().w;
  auto today = w.today();
  auto first = today - import_days + 1;
  pqxx::connection db{database_url};
  pqxx::work tx{db};
  std::size_t written = 0;
  {
    pqxx::stream_to copy{tx, "upwork_day_totals",
                         std::vector<std::string>{"workspace_id", "contract_id", "day", "seconds"}};
    for (const auto& c : world.contracts)
      if (syncs(c))
        for (const auto& t : w.totals(c, first, today)) {
          copy << std::make_tuple(world.workspace_id, c.id, time_format::format_date(t.day), reported_seconds(t.cells));
          ++written;
        }
    copy.complete();
  }
  {
    pqxx::stream_to copy{tx, "upwork_sync_cursors",
                         std::vector<std::string>{"workspace_id", "contract_id", "import_state", "window_start",
                                                  "days_total", "days_done", "synced_through"}};
    for (const auto& c : world.contracts)
      if (syncs(c))
        copy << std::make_tuple(world.workspace_id, c.id, std::string{"done"}, time_format::format_date(first),
                                import_days, import_days, time_format::format_date(today));
    copy.complete();
  }
  tx.commit();
  return written;
}

} // namespace upsync::bench
