// Writes what discovery (or an organization's refresh) found into the workspace: organizations, Upwork users, contracts
// and their Upwork rate history. Mappings already made are never touched; users seen for
// the first time get a member suggestion by name (F5).
#pragma once

#include "domain/upwork_records.hpp"
#include "storage/records.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <pqxx/types.hxx>

namespace upsync::storage {

struct discovery_counts {
  std::size_t organizations = 0;
  std::size_t users = 0;
  std::size_t contracts = 0;
  /// Every organization whose rows changed (a contract stays under the organization that
  /// already holds it, which may not be one of those found).
  std::set<std::string> organizations_touched;
};

/// Upserts everything in `found` for `connection_id`, in the caller's transaction.
/// A contract that two reached organizations both see (the vendor and the client side of
/// one grant) is stored once: under the organization that already holds it, else under
/// the vendor side (agency or freelancer), whose people did the work. `today` (day number,
/// UTC) picks the contract's current Upwork rate from its history; `now` (Unix seconds,
/// empty: the database's clock) is when a contract's status was seen to change.
discovery_counts save_discovery(pqxx::transaction_base& tx, db_id workspace_id, db_id connection_id,
                                const std::vector<domain::organization_snapshot>& found, std::int64_t today,
                                std::optional<std::int64_t> now = std::nullopt);

} // namespace upsync::storage
