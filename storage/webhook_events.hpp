// The engine's webhook events (issue 20), written to the outbox in the STORE's flush
// transaction together with what they report: import.completed with the run of an import,
// sync.failing when a contract's failures reach sync_health::failing_after, sync.recovered
// when a contract that was failing succeeds again.
#pragma once

#include "storage/sync_health.hpp"
#include "storage/sync_history.hpp"
#include "storage/upwork_organizations_store.hpp"

#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <pqxx/types.hxx>

namespace upsync::storage::webhook_events {

/// Read before the changes are recorded: the contracts among `changes` that recover (0
/// failures now) from a failing streak, as (workspace, contract).
std::set<std::pair<db_id, std::string>> failing_before(pqxx::transaction_base& tx,
                                                       const std::vector<sync_health::change>& changes);

/// The events of the flush: one per finished import, per contract that starts failing and
/// per contract in `recovering` that succeeded.
void record(pqxx::transaction_base& tx, const std::vector<sync_history::run>& runs,
            const std::vector<sync_health::change>& changes, const std::set<std::pair<db_id, std::string>>& recovering,
            std::int64_t now);

/// After organizations completed a cycle (their synced marks): reconciliation.mismatch for
/// each whose mismatched contract-days of the last 14 days up to `today` rose above what the
/// last event reported (once per rise; the count follows it down too).
void reconciliation(pqxx::transaction_base& tx, const std::vector<upwork_store::organization_key>& organizations,
                    std::int64_t today, std::int64_t now);

} // namespace upsync::storage::webhook_events
