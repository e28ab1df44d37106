// Helpers on the simulated world's value types. The simulator keeps its own organization
// kind, rates (rate_on) and calendar rather than domain/'s: it must not share code with the
// client it tests.
#include "sim/records.hpp"

#include <cstdio>

namespace upsync::sim {

const char* to_string(org_kind kind) {
  switch (kind) {
  case org_kind::agency: return "agency";
  case org_kind::client: return "client";
  case org_kind::freelancer: return "freelancer";
  }
  return "?";
}

const char* to_string(contract_status status) {
  switch (status) {
  case contract_status::active: return "ACTIVE";
  case contract_status::paused: return "PAUSED";
  case contract_status::closed: return "CLOSED";
  }
  return "?";
}

std::int64_t rate_on(const contract_record& c, std::int64_t day) {
  for (const auto& t : c.hourly_terms)
    if (t.start_day <= day && (!t.end_day || day <= *t.end_day))
      return t.rate_cents;
  return 0;
}

std::string money_raw(std::int64_t cents) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s%lld.%02lld", cents < 0 ? "-" : "",
                static_cast<long long>((cents < 0 ? -cents : cents) / 100),
                static_cast<long long>((cents < 0 ? -cents : cents) % 100));
  return buf;
}

std::string money_display(std::int64_t cents, const std::string& currency) {
  std::string raw = money_raw(cents);
  if (currency == "USD")
    return "$" + raw;
  if (currency == "EUR")
    return "€" + raw;
  return raw + " " + currency;
}

} // namespace upsync::sim
