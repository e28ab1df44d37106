#include "actors/sync_rules.hpp"

#include <set>

namespace upsync::sync {

int weekday(day_number day) {
  // 1970-01-01 was a Thursday (3 when Monday is 0).
  return static_cast<int>(((day % 7) + 7 + 3) % 7);
}

day_window import_window(day_number today, int import_days) {
  return {today - (import_days > 0 ? import_days : 1) + 1, today};
}

day_window reread_window(day_number today) {
  day_number this_monday = today - weekday(today);
  return {this_monday - 7, today};
}

std::vector<day_number> days_needing_cells(const std::map<day_number, std::int32_t>& reported,
                                           const std::map<day_number, std::int32_t>& synced,
                                           const day_window& window) {
  std::set<day_number> candidates;
  for (const auto& [day, seconds] : reported)
    if (window.contains(day))
      candidates.insert(day);
  for (const auto& [day, seconds] : synced)
    if (window.contains(day))
      candidates.insert(day);
  std::vector<day_number> out;
  for (day_number day : candidates) {
    auto r = reported.find(day);
    auto s = synced.find(day);
    std::int32_t reported_seconds = r == reported.end() ? 0 : r->second;
    std::int32_t synced_seconds = s == synced.end() ? 0 : s->second;
    // A day first seen with zero time needs nothing; a day whose time vanished upstream
    // is read again so the ledger can record the vanished cells.
    if (reported_seconds != synced_seconds)
      out.push_back(day);
  }
  return out;
}

std::optional<std::int32_t> hours_text_to_seconds(const std::string& hours) {
  auto dot = hours.find('.');
  std::string whole = hours.substr(0, dot);
  std::string fraction = dot == std::string::npos ? "" : hours.substr(dot + 1);
  if (whole.empty() || whole.size() > 5 || fraction.size() > 9)
    return std::nullopt;
  std::int64_t units = 0, scale = 1;
  for (char c : whole) {
    if (c < '0' || c > '9')
      return std::nullopt;
    units = units * 10 + (c - '0');
  }
  for (char c : fraction) {
    if (c < '0' || c > '9')
      return std::nullopt;
    units = units * 10 + (c - '0');
    scale *= 10;
  }
  // seconds = units / scale * 3600, rounded half up, in integers only.
  return static_cast<std::int32_t>((units * 3600 * 2 + scale) / (2 * scale));
}

void rate_schedule::set(day_number effective_from, std::string rate) {
  entries_[effective_from] = std::move(rate);
}

std::optional<std::string> rate_schedule::on(day_number day) const {
  if (entries_.empty())
    return std::nullopt;
  auto it = entries_.upper_bound(day);
  // Before the first entry the first rate holds: rates are recorded far enough back to
  // cover the whole import window (F10).
  if (it == entries_.begin())
    return it->second;
  return std::prev(it)->second;
}

interval_rates rates_for_day(account_kind kind, const rate_schedule& upwork,
                             const rate_schedule& pay, const rate_schedule& bill, day_number day) {
  interval_rates r;
  switch (kind) {
    case account_kind::agency:
    case account_kind::freelancer:
      r.bill_rate = upwork.on(day);
      r.pay_rate = pay.on(day);
      break;
    case account_kind::client:
      r.pay_rate = upwork.on(day);
      r.bill_rate = bill.on(day);
      break;
  }
  return r;
}

} // namespace upsync::sync
