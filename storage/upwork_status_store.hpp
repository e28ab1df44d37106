// The status dashboard's rows (F7): per contract its title, user, project, hours today in
// the workspace's time zone and import progress, and its latest entries. Read where the
// engine commits cursors and intervals together; which contracts sync and why not is
// contract_diagnosis' to say.
#pragma once

#include "storage/records.hpp"
#include "storage/sync_health.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/types.hxx>

namespace upsync::storage::upwork_status_store {

struct contract_status {
  std::string organization_id;
  std::string id;
  std::string title;
  std::optional<std::string> client_name; ///< the workspace project's client
  std::string upwork_user_name;
  std::string upwork_status;       ///< Upwork's: active | paused | closed
  std::optional<db_id> project_id; ///< none when no project is chosen
  std::optional<std::string> project_name;
  std::string hours_today;  ///< decimal text, two places; "today" in the workspace's zone
  std::string import_state; ///< pending | running | done | failed (sync_health::failing_after failures in a row)
  std::int64_t days_done;
  std::int64_t days_total;
  // Sync health (issue 16, sync_health.hpp).
  std::optional<sync_health::last_error> last_error; ///< the last error, kept after a recovery
  std::optional<std::int64_t> last_success_at;       ///< Unix seconds
  std::int64_t failures_in_a_row = 0;
};

struct recent_entry {
  std::string contract_id;
  std::int64_t started_at; ///< Unix seconds
  std::int64_t ended_at;
  db_id member_id;
  std::string member_name;
  std::string hours; ///< decimal text, two places
};

/// The listed contracts of the workspace (with or without a project), ordered by
/// organization, contract.
std::vector<contract_status> contracts(pqxx::transaction_base& tx, db_id workspace_id,
                                       const std::vector<std::string>& contract_ids);

/// The newest `per_contract` intervals of each listed contract, by contract, newest first.
std::vector<recent_entry> recent_entries(pqxx::transaction_base& tx, db_id workspace_id,
                                         const std::vector<std::string>& contract_ids, int per_contract);

} // namespace upsync::storage::upwork_status_store
