#include "domain/request_budget_rules.hpp"

#include <algorithm>
#include <cmath>

namespace upsync::domain {

const char* to_string(request_purpose p) {
  switch (p) {
  case request_purpose::token: return "token";
  case request_purpose::reread: return "reread";
  case request_purpose::import: return "import";
  case request_purpose::refresh: return "refresh";
  }
  return "import";
}

std::int64_t kept_for_more_urgent(request_purpose p, std::int64_t limit) {
  switch (p) {
  case request_purpose::token: return 0;
  case request_purpose::reread: return limit / 100;
  case request_purpose::import: return limit / 20;
  case request_purpose::refresh: return limit / 10;
  }
  return limit / 10;
}

bool goes_first(request_purpose p) { return p == request_purpose::token || p == request_purpose::reread; }

std::int64_t paced_cycle_seconds(std::int64_t configured_seconds, const budget_outlook& o) {
  configured_seconds = std::max<std::int64_t>(1, configured_seconds);
  if (o.organizations <= 0 || o.seconds_left_today <= 0)
    return configured_seconds;
  if (o.remaining <= 0)
    return std::max(configured_seconds, o.seconds_left_today);
  // Cycles the rest of the day can pay for, shared by every organization alike.
  const double per_cycle = std::max(0.01, o.requests_per_cycle);
  const double cycles_each = static_cast<double>(o.remaining) / per_cycle / static_cast<double>(o.organizations);
  if (cycles_each < 1)
    return std::max(configured_seconds, o.seconds_left_today);
  const auto stretched = static_cast<std::int64_t>(std::ceil(static_cast<double>(o.seconds_left_today) / cycles_each));
  return std::max(configured_seconds, stretched);
}

} // namespace upsync::domain
