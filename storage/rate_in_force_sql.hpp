// The rate in force on a day, as SQL: the SQL twin of the one rule in domain/rate_schedule
// (rate_schedule::on/in_force, rates_for_day), for the statements that price intervals inside
// PostgreSQL — a correction from a date (upwork_rate_store) and the writer's second pricing
// of a batch a correction overtook (sync_writer). Each argument is an SQL expression; none
// is ever built from input.
#pragma once

#include "domain/organization_kind.hpp"

#include <string>

namespace upsync::storage::rate_in_force_sql {

/// F10 for SQL: whether Upwork's rate is the pay side for an organization whose stored type
/// is `type` (an SQL expression) — the kinds listed are those domain::upwork_side gives the
/// pay side, so the rule is written once.
inline std::string upwork_side_is_pay(const std::string& type) {
  std::string kinds;
  for (auto kind :
       {domain::organization_kind::agency, domain::organization_kind::client, domain::organization_kind::freelancer})
    if (domain::upwork_side(kind) == domain::rate_side::pay)
      kinds += (kinds.empty() ? "'" : ", '") + std::string{domain::to_string(kind)} + "'";
  return "(" + type + " IN (" + kinds + "))";
}

/// One side's rate on `day` (a date): the latest step on or before it (a rate-less step
/// clears the side), else — before the first step — the first step's rate (rates are
/// recorded far enough back to cover the import window, F10). `only_priced` skips
/// rate-less steps (Upwork's, which say nothing).
inline std::string side_on_day(const std::string& workspace, const std::string& contract, const std::string& side,
                               const std::string& day, bool only_priced = false) {
  return "(SELECT r.rate FROM upwork_contract_rates r WHERE r.workspace_id = " + workspace
         + " AND r.contract_id = " + contract + " AND r.side = " + side + (only_priced ? " AND r.rate IS NOT NULL" : "")
         + " ORDER BY r.effective_from <= " + day + " DESC, CASE WHEN r.effective_from <= " + day
         + " THEN r.effective_from END DESC, r.effective_from LIMIT 1)";
}

/// The manager's override of the Upwork side in force on `day` (none before its first
/// step), when it holds a rate. `override_side` names the side 'upwork_override'.
inline std::string override_in_force(const std::string& workspace, const std::string& contract,
                                     const std::string& override_side, const std::string& day) {
  return "(SELECT r.rate FROM upwork_contract_rates r WHERE r.workspace_id = " + workspace
         + " AND r.contract_id = " + contract + " AND r.side = " + override_side + " AND r.effective_from <= " + day
         + " ORDER BY r.effective_from DESC LIMIT 1)";
}

/// The Upwork side (F10: the bill rate of an agency or freelancer, the pay rate of a
/// client) on `day`: the override in force, else Upwork's own rate.
inline std::string upwork_side_on_day(const std::string& workspace, const std::string& contract, const std::string& day,
                                      const std::string& override_side = "'upwork_override'") {
  return "COALESCE(" + override_in_force(workspace, contract, override_side, day) + ", "
         + side_on_day(workspace, contract, "'upwork'", day, true) + ")";
}

} // namespace upsync::storage::rate_in_force_sql
