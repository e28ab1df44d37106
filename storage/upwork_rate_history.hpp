// A contract's rate history by side: Upwork's steps (hourlyTerms) replaced whole at each
// refresh, and the loads the engine and the review read. Manager corrections, which also
// re-price intervals, are upwork_rate_store.hpp (set_step, correct_from).
#pragma once

#include "storage/records.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/types.hxx>

namespace upsync::storage::upwork_store {

// Dates are day numbers (days since 1970-01-01, UTC); money is decimal text ("25.00").

/// One step of a rate history: in force from `effective_from` until the next step.
struct rate_step {
  std::int64_t effective_from; ///< day number
  std::optional<std::string> rate;
  std::string currency;
};

struct rate_row {
  std::string contract_id;
  std::string side; ///< upwork | pay | bill
  std::int64_t effective_from;
  std::optional<std::string> rate;
  std::string currency;
};

/// Makes `history` the contract's whole `upwork` side (Upwork's hourlyTerms); the pay and
/// bill rates the manager entered are untouched.
void replace_upwork_rates(pqxx::transaction_base& tx, db_id workspace_id, const std::string& contract_id,
                          const std::vector<rate_step>& history);
/// Ordered by side, then effective_from.
std::vector<rate_row> load_rates(pqxx::transaction_base& tx, db_id workspace_id, const std::string& contract_id);
/// Every contract of the organization; ordered by contract, side, effective_from.
std::vector<rate_row> load_organization_rates(pqxx::transaction_base& tx, db_id workspace_id,
                                              const std::string& organization_id);
/// Every rate of the workspace's contracts: the engine's start-up load reads them in one
/// query rather than one per organization (10,000 organizations took minutes).
std::vector<rate_row> load_workspace_rates(pqxx::transaction_base& tx, db_id workspace_id);

} // namespace upsync::storage::upwork_store
