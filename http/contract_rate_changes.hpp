// The rate part of PATCH /api/v1/upwork/contracts/{id} (F10, issue 16 point 4): the
// manager's pay or bill rate, the override of the Upwork side, and corrections dated back
// with `effective_from` that re-price the synced intervals — checked first, then applied in
// the request's one transaction.
#pragma once

#include "http/request_bodies.hpp"
#include "storage/upwork_mapping_store.hpp"
#include "storage/upwork_rate_history.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include <pqxx/types.hxx>

namespace upsync::http {

/// What the rate rules need to know of the contract being patched.
struct rate_change_target {
  storage::db_id workspace_id;
  const storage::upwork_store::contract_record& contract;
  std::string organization_type; ///< agency | client | freelancer
  /// Whether the contract's project (after this request) is billable; none without one.
  std::optional<bool> project_billable;
  int import_days;
  std::int64_t today; ///< day number (UTC)
};

/// The earliest day a correction may start: the import window's first day (today -
/// import_days + 1), or the contract's own window start when its import began earlier.
std::int64_t earliest_correction_day(pqxx::transaction_base& tx, const rate_change_target& t);

/// Refuses, before anything is written: an Upwork-side rate other than Upwork's (or the
/// override shown), a client's bill rate on a non-billable project (422 bill_rate), an
/// `effective_from` before earliest_correction_day (422 effective_from). Drops an echoed
/// Upwork-side rate from `body.rates`.
void check_rate_changes(pqxx::transaction_base& tx, const rate_change_target& t, contract_mapping_body& body);

/// Records the rates of `body` (after check_rate_changes). Without `effective_from` as
/// before: from the import window's start while the contract has not synced, else from
/// today, intervals untouched. With it: a correction from that day (see
/// upwork_rate_store::correct_from). Returns how many intervals got a new rate.
std::size_t apply_rate_changes(pqxx::transaction_base& tx, const rate_change_target& t,
                               const contract_mapping_body& body);

/// The override step of the Upwork side in force on `day` (or the first one, when all lie
/// ahead), if any: its day and rate (none: cleared).
struct override_step {
  std::int64_t effective_from;
  std::optional<std::string> rate;
};
std::optional<override_step> override_in_force(const std::vector<storage::upwork_store::rate_row>& rows,
                                               const std::string& contract_id, std::int64_t day);

} // namespace upsync::http
