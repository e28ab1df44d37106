// Reconciliation (issue 16): per contract and UTC day, Upwork's reported total
// (upwork_reported_days) beside what sync wrote (the ledger, upwork_cells, and its
// intervals). Sync never deletes or edits an interval (F14); this only reports. Every
// ledger cell is 10 minutes, so each measure counts cells of the day:
//
// * synced_seconds: cells whose interval still exists unedited (also when the cell has
//   since vanished upstream: the time is still in the workspace as synced);
// * removed_upstream_seconds: cells Upwork no longer lists (vanished_at set);
// * changed_locally_seconds: cells whose interval a person edited (edited_at) or deleted
//   (the ledger keeps the cell, its interval_id is NULL).
//
// The day's status, first match wins: changed_locally (changed_locally_seconds > 0),
// removed_upstream (removed_upstream_seconds > 0), pending (Upwork reports more than
// synced_seconds + pending_tolerance_seconds: time not synced yet), else match. A day
// without any of these is a match with zeros.
#pragma once

#include "storage/records.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/types.hxx>

namespace upsync::storage::upwork_reconciliation_store {

/// Upwork's report is in hundredths of hours (36 s) summed over rows, and a cell uploaded
/// but not yet fetched is ordinary between two cycles: half a cell is no mismatch.
constexpr std::int32_t pending_tolerance_seconds = 300;

/// At most this many days per request (about a quarter).
constexpr std::int64_t max_days = 92;
/// The default range and the dashboard's: the last 14 UTC days ending today.
constexpr std::int64_t default_days = 14;

struct contract_day {
  std::int64_t day = 0; ///< day number (days since 1970-01-01, UTC)
  std::int64_t upwork_seconds = 0;
  std::int64_t synced_seconds = 0;
  std::int64_t removed_upstream_seconds = 0;
  std::int64_t changed_locally_seconds = 0;
  std::string status = "match"; ///< match | pending | removed_upstream | changed_locally
};

/// Whether the workspace has this Upwork contract.
bool contract_exists(pqxx::transaction_base& tx, db_id workspace_id, const std::string& contract_id);

/// Every day of [first, last] (day numbers) of one contract, in order; days with nothing
/// are a match with zeros.
std::vector<contract_day> contract_days(pqxx::transaction_base& tx, db_id workspace_id, const std::string& contract_id,
                                        std::int64_t first, std::int64_t last);

/// Per organization of the workspace among `organization_ids`: its contract-days of
/// [first, last] that are not a match (organizations without any are absent). One query,
/// grouped, whatever the number of contracts.
std::map<std::string, std::int64_t> mismatches_by_organization(pqxx::transaction_base& tx, db_id workspace_id,
                                                               const std::vector<std::string>& organization_ids,
                                                               std::int64_t first, std::int64_t last);

} // namespace upsync::storage::upwork_reconciliation_store
