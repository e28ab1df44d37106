// Names of the contract enums, the organization kind decision and the rate-in-force lookup.
#include "protocol/upwork/types.hpp"

#include "domain/rate_schedule.hpp"

namespace upsync::upwork {

const char* to_string(contract_status status) {
  switch (status) {
  case contract_status::active: return "ACTIVE";
  case contract_status::paused: return "PAUSED";
  case contract_status::closed: return "CLOSED";
  }
  return "UNKNOWN";
}

const char* to_string(contract_kind kind) { return kind == contract_kind::hourly ? "hourly" : "fixed_price"; }

org_kind decide_org_kind(const std::optional<org_flags>& flag, const std::string& type,
                         const std::string& legacy_type) {
  if (flag) {
    // Agency and individual are the specific marks; vendor alone says "not a client".
    if (flag->agency.value_or(false))
      return org_kind::agency;
    if (flag->individual.value_or(false))
      return org_kind::freelancer;
    if (flag->client.value_or(false) && !flag->vendor.value_or(false))
      return org_kind::client;
  }
  if (type == "SoleProprietor")
    return org_kind::freelancer;
  if (type == "Business" && legacy_type == "Vendor")
    return org_kind::agency;
  if (type == "Business" && legacy_type == "Client")
    return org_kind::client;
  if (type.empty() && legacy_type == "Client")
    return org_kind::client;
  if (flag && flag->client.value_or(false))
    return org_kind::client;
  return org_kind::unknown;
}

const hourly_term* contract::rate_on(const date& day) const {
  const std::int64_t d = day.days_since_epoch();
  std::vector<const hourly_term*> open; // the terms not ended by `day`
  for (const auto& term : hourly_terms)
    if (!term.end_date || term.end_date->days_since_epoch() >= d)
      open.push_back(&term);
  auto it = domain::step_in_force(open.begin(), open.end(), d, [](const hourly_term* t) {
    return t->start_date ? std::optional<domain::day_number>{t->start_date->days_since_epoch()} : std::nullopt;
  });
  return it == open.end() ? nullptr : *it;
}

} // namespace upsync::upwork
