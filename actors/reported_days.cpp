// The organization's memory of Upwork's reported daily totals (see reported_days.hpp).
#include "actors/reported_days.hpp"

#include <unordered_set>

namespace upsync::sync {

namespace {

const domain::day_totals nothing_reported;

} // namespace

reported_day_changes reported_days_book::observe(const std::map<std::string, domain::day_totals>& totals,
                                                 const std::vector<std::string>& contract_ids,
                                                 const domain::day_window& window) {
  reported_day_changes out;
  std::unordered_set<std::string_view> asked(contract_ids.begin(), contract_ids.end());
  for (auto it = known_.begin(); it != known_.end();)
    it = asked.count(it->first) ? std::next(it) : known_.erase(it);
  for (const auto& id : contract_ids) {
    auto found = totals.find(id);
    const auto& now = found == totals.end() ? nothing_reported : found->second;
    storage::reported_days::change c{workspace_id_, id, std::nullopt, {}};
    auto before = known_.find(id);
    if (before == known_.end()) {
      c.reset = std::pair{window.first, window.last};
      for (const auto& e : now)
        if (window.contains(e.day) && e.seconds > 0)
          c.days.emplace_back(e.day, e.seconds);
      known_.emplace(id, domain::day_totals{});
      before = known_.find(id);
    } else {
      // Days the book knows (never 0) and days reported now, within the window: where
      // they differ, each day once.
      for (const auto& e : before->second)
        if (window.contains(e.day) && now.at(e.day) != e.seconds)
          c.days.emplace_back(e.day, now.at(e.day));
      for (const auto& e : now)
        if (window.contains(e.day) && e.seconds != 0 && before->second.at(e.day) == 0)
          c.days.emplace_back(e.day, e.seconds);
    }
    // The book becomes the report within the window (no zero entries), days outside it
    // stay as known.
    domain::day_totals next;
    for (const auto& e : before->second)
      if (!window.contains(e.day))
        next.set(e.day, e.seconds);
    for (const auto& e : now)
      if (window.contains(e.day) && e.seconds > 0)
        next.set(e.day, e.seconds);
    before->second = std::move(next);
    if (c.reset || !c.days.empty())
      out.changes.push_back(std::move(c));
  }
  return out;
}

void reported_days_book::drop_before(domain::day_number first) {
  for (auto& [id, days] : known_)
    days.drop_before(first);
}

} // namespace upsync::sync
