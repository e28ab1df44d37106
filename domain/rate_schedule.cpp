#include "domain/rate_schedule.hpp"

#include <algorithm>

namespace upsync::domain {

namespace {

std::optional<day_number> start_of_entry(const std::pair<day_number, std::optional<std::string>>& e) { return e.first; }

} // namespace

void rate_schedule::set(day_number effective_from, std::optional<std::string> rate) {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), effective_from,
                             [](const auto& e, day_number d) { return e.first < d; });
  if (it != entries_.end() && it->first == effective_from)
    it->second = std::move(rate);
  else
    entries_.emplace(it, effective_from, std::move(rate));
}

std::optional<std::string> rate_schedule::on(day_number day) const {
  auto it = step_on(entries_.begin(), entries_.end(), day, start_of_entry);
  return it == entries_.end() ? std::nullopt : it->second;
}

std::optional<std::string> rate_schedule::in_force(day_number day) const {
  auto it = step_in_force(entries_.begin(), entries_.end(), day, start_of_entry);
  return it == entries_.end() ? std::nullopt : it->second;
}

interval_rates rates_for_day(organization_kind kind, const rate_schedule& upwork, const rate_schedule& pay,
                             const rate_schedule& bill, day_number day) {
  return rates_for_day(kind, upwork, rate_schedule{}, pay, bill, day);
}

interval_rates rates_for_day(organization_kind kind, const rate_schedule& upwork, const rate_schedule& upwork_override,
                             const rate_schedule& pay, const rate_schedule& bill, day_number day) {
  auto upwork_rate = upwork_override.in_force(day);
  if (!upwork_rate)
    upwork_rate = upwork.on(day);
  interval_rates r;
  if (upwork_side(kind) == rate_side::bill) {
    r.bill_rate = std::move(upwork_rate);
    r.pay_rate = pay.on(day);
  } else {
    r.pay_rate = std::move(upwork_rate);
    r.bill_rate = bill.on(day);
  }
  return r;
}

} // namespace upsync::domain
