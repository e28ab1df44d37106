// The contract enums' names and a contract's rate in force (domain/rate_schedule's lookup).
#include "domain/upwork_records.hpp"

#include "domain/rate_schedule.hpp"

namespace upsync::domain {

const char* to_string(contract_status status) {
  switch (status) {
  case contract_status::active: return "ACTIVE";
  case contract_status::paused: return "PAUSED";
  case contract_status::closed: return "CLOSED";
  }
  return "UNKNOWN";
}

const char* to_string(contract_kind kind) { return kind == contract_kind::hourly ? "hourly" : "fixed_price"; }

const hourly_term* contract::rate_on(const date& day) const {
  const std::int64_t d = day.days_since_epoch();
  std::vector<const hourly_term*> open; // the terms not ended by `day`
  for (const auto& term : hourly_terms)
    if (!term.end_date || term.end_date->days_since_epoch() >= d)
      open.push_back(&term);
  auto it = step_in_force(open.begin(), open.end(), d, [](const hourly_term* t) {
    return t->start_date ? std::optional<day_number>{t->start_date->days_since_epoch()} : std::nullopt;
  });
  return it == open.end() ? nullptr : *it;
}

} // namespace upsync::domain
