// Rate corrections (issue 16, point 4): a manager's rate step recorded from a chosen day,
// and the synced intervals of the contract re-priced from that day in the same
// transaction. Also the manager's override of the Upwork side (side 'upwork_override').
#pragma once

#include "storage/records.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/types.hxx>

namespace upsync::storage::upwork_rate_store {

/// Records a step of `side` (pay | bill | upwork_override) from `day` on (a step of the same
/// day is replaced). A rate-less step clears the side from that day (for the override:
/// Upwork's rate applies again).
void set_step(pqxx::transaction_base& tx, db_id workspace_id, const std::string& contract_id, const std::string& side,
              std::int64_t day, const std::optional<std::string>& rate, const std::string& currency);

/// What a correction changed.
struct correction_result {
  std::vector<db_id> intervals_updated; ///< ascending ids of intervals whose rate changed
};

/// A correction from `day`: records the step like set_step, drops the later steps of the
/// same side (the correction says what holds from `day` on; a step left after it would
/// silently undo it for later days), then gives every interval of the contract that
/// started on or after `day` (UTC) and whose rate came from sync (source 'upwork', never
/// edited by a person) the rate of that side in force on its UTC start day — for the
/// override, the override or else Upwork's own rate, as the engine computes it.
/// `organization_type` decides which column the override side fills (domain::upwork_side).
correction_result correct_from(pqxx::transaction_base& tx, db_id workspace_id, const std::string& contract_id,
                               const std::string& organization_type, const std::string& side, std::int64_t day,
                               const std::optional<std::string>& rate, const std::string& currency);

} // namespace upsync::storage::upwork_rate_store
