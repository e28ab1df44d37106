// Which rates a contract to sync lacks (issue 16): shown in the wizard's review, never
// blocking the confirm (the manager may correct rates later with effective_from).
#pragma once

#include "domain/organization_kind.hpp"

#include <optional>
#include <string>
#include <vector>

namespace upsync::domain {

struct rate_warning {
  const char* code; ///< missing_pay_rate | missing_bill_rate | missing_upwork_rate
  std::string message;
};

/// The rates in force going forward of one contract to sync, by side.
struct contract_rates {
  organization_kind kind;
  std::optional<std::string> pay_rate;
  std::optional<std::string> bill_rate;
  std::optional<bool> billable; ///< its project's; none without a project
};

/// F10: the side the manager enters (manager_side) is the pay rate for agencies and
/// freelancers (cost), the bill rate for clients only when the project is billable (a
/// non-billable project has no bill rate at all); the Upwork side may be missing when
/// Upwork gave no rate and no override is set.
std::vector<rate_warning> rate_warnings(const contract_rates& c);

} // namespace upsync::domain
