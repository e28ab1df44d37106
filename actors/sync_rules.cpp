#include "actors/sync_rules.hpp"

#include "storage/billing_week.hpp"

#include <algorithm>

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

day_window open_days(const day_window& window, std::int64_t now) {
  return {std::max(window.first, storage::billing_week::first_open_day(now)), window.last};
}

day_totals::day_totals(std::initializer_list<std::pair<day_number, std::int32_t>> days) {
  for (const auto& [day, seconds] : days)
    set(day, seconds);
}

std::vector<day_totals::entry>::iterator day_totals::find_slot(day_number day) {
  return std::lower_bound(entries_.begin(), entries_.end(), day,
                          [](const entry& e, day_number d) { return e.day < d; });
}

std::int32_t day_totals::at(day_number day) const {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), day,
                             [](const entry& e, day_number d) { return e.day < d; });
  return it != entries_.end() && it->day == day ? it->seconds : 0;
}

void day_totals::set(day_number day, std::int32_t seconds) {
  auto it = find_slot(day);
  if (it != entries_.end() && it->day == day)
    it->seconds = seconds;
  else
    entries_.insert(it, entry{static_cast<std::int32_t>(day), seconds});
}

void day_totals::add(day_number day, std::int32_t seconds) {
  auto it = find_slot(day);
  if (it != entries_.end() && it->day == day)
    it->seconds += seconds;
  else
    entries_.insert(it, entry{static_cast<std::int32_t>(day), seconds});
}

void day_totals::drop_before(day_number first) {
  entries_.erase(entries_.begin(), find_slot(first));
  if (entries_.empty())
    std::vector<entry>{}.swap(entries_);
}

std::vector<day_number> days_needing_cells(const day_totals& reported, const day_totals& synced,
                                           const day_window& window) {
  // Both sorted: one merge over the days either side knows.
  std::vector<day_number> out;
  auto r = reported.begin(), s = synced.begin();
  while (r != reported.end() || s != synced.end()) {
    day_number day;
    std::int32_t reported_seconds = 0, synced_seconds = 0;
    if (s == synced.end() || (r != reported.end() && r->day < s->day)) {
      day = r->day;
      reported_seconds = (r++)->seconds;
    } else if (r == reported.end() || s->day < r->day) {
      day = s->day;
      synced_seconds = (s++)->seconds;
    } else {
      day = r->day;
      reported_seconds = (r++)->seconds;
      synced_seconds = (s++)->seconds;
    }
    // A day first seen with zero time needs nothing; a day whose time vanished upstream
    // is read again so the ledger can record the vanished cells.
    if (window.contains(day) && reported_seconds != synced_seconds)
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

void rate_schedule::set(day_number effective_from, std::optional<std::string> rate) {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), effective_from,
                             [](const auto& e, day_number d) { return e.first < d; });
  if (it != entries_.end() && it->first == effective_from)
    it->second = std::move(rate);
  else
    entries_.emplace(it, effective_from, std::move(rate));
}

std::optional<std::string> rate_schedule::on(day_number day) const {
  if (entries_.empty())
    return std::nullopt;
  auto it = std::upper_bound(entries_.begin(), entries_.end(), day,
                             [](day_number d, const auto& e) { return d < e.first; });
  // Before the first entry the first rate holds: rates are recorded far enough back to
  // cover the whole import window (F10).
  if (it == entries_.begin())
    return it->second;
  return std::prev(it)->second;
}

std::optional<std::string> rate_schedule::in_force(day_number day) const {
  if (entries_.empty() || day < entries_.front().first)
    return std::nullopt;
  return on(day);
}

interval_rates rates_for_day(account_kind kind, const rate_schedule& upwork,
                             const rate_schedule& pay, const rate_schedule& bill, day_number day) {
  return rates_for_day(kind, upwork, rate_schedule{}, pay, bill, day);
}

interval_rates rates_for_day(account_kind kind, const rate_schedule& upwork,
                             const rate_schedule& upwork_override, const rate_schedule& pay,
                             const rate_schedule& bill, day_number day) {
  auto upwork_side = upwork_override.in_force(day);
  if (!upwork_side)
    upwork_side = upwork.on(day);
  interval_rates r;
  switch (kind) {
    case account_kind::agency:
    case account_kind::freelancer:
      r.bill_rate = std::move(upwork_side);
      r.pay_rate = pay.on(day);
      break;
    case account_kind::client:
      r.pay_rate = std::move(upwork_side);
      r.bill_rate = bill.on(day);
      break;
  }
  return r;
}

} // namespace upsync::sync
