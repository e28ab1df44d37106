#include "actors/connection_requests.hpp"

#include "domain/calendar.hpp"

namespace upsync::sync {

connection_requests::connection_requests(domain::wall_clock clock) : clock_(std::move(clock)) {}

std::shared_ptr<upwork::request_tally> connection_requests::of(storage::db_id workspace_id,
                                                               storage::db_id connection_id) {
  std::lock_guard lock{mutex_};
  auto& tally = tallies_[{workspace_id, connection_id}];
  if (!tally)
    tally = std::make_shared<upwork::request_tally>(clock_);
  return tally;
}

std::vector<connection_requests::count> connection_requests::take_unsaved() {
  std::lock_guard lock{mutex_};
  std::vector<count> out;
  for (const auto& [k, tally] : tallies_)
    for (const auto& d : tally->take_unsaved())
      out.push_back({k.first, k.second, d.day, d.requests});
  return out;
}

void connection_requests::restore(const std::vector<count>& counts) {
  std::lock_guard lock{mutex_};
  for (const auto& c : counts) {
    auto it = tallies_.find({c.workspace_id, c.connection_id});
    if (it != tallies_.end())
      it->second->restore({{c.day, c.requests}});
  }
}

std::vector<connection_requests::count> connection_requests::today() {
  const auto day = domain::day_of(clock_());
  std::lock_guard lock{mutex_};
  std::vector<count> out;
  out.reserve(tallies_.size());
  for (const auto& [k, tally] : tallies_)
    out.push_back({k.first, k.second, day, tally->today()});
  return out;
}

} // namespace upsync::sync
