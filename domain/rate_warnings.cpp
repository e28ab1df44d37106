#include "domain/rate_warnings.hpp"

namespace upsync::domain {

std::vector<rate_warning> rate_warnings(const contract_rates& c) {
  std::vector<rate_warning> out;
  bool manager_pays = manager_side(c.kind) == rate_side::pay;
  const auto& upwork_rate = upwork_side(c.kind) == rate_side::pay ? c.pay_rate : c.bill_rate;
  if (manager_pays && !c.pay_rate)
    out.push_back({"missing_pay_rate", "no pay rate: synced intervals of this contract get no cost until one is "
                                       "entered (a later correction can date it back with effective_from)"});
  if (!manager_pays && !c.bill_rate && c.billable.value_or(false))
    out.push_back({"missing_bill_rate", "the project is billable but the contract has no bill rate"});
  if (!upwork_rate)
    out.push_back({"missing_upwork_rate", "Upwork gave no hourly rate for this contract; set upwork_rate_override"});
  return out;
}

} // namespace upsync::domain
