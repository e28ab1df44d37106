// What the sync engine reads back of its own progress: a contract's reported day totals
// and its sync cursor (import state, window, last error). sync_writer writes both.
#pragma once

#include "storage/records.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/types.hxx>

namespace upsync::storage::upwork_store {

struct day_total {
  std::int64_t day;
  std::int32_t seconds;
};

struct cursor_record {
  std::string contract_id;
  std::string import_state; ///< pending | running | done | failed
  std::optional<std::int64_t> window_start_day;
  std::int32_t days_total;
  std::int32_t days_done;
  std::optional<std::int64_t> synced_through_day;
  std::optional<std::int64_t> last_synced_at;
  std::optional<std::string> last_error;
};

/// Reported seconds of the contract's synced days from `first_day` on, by day.
std::vector<day_total> load_day_totals(pqxx::transaction_base& tx, db_id workspace_id, const std::string& contract_id,
                                       std::int64_t first_day);
std::optional<cursor_record> load_cursor(pqxx::transaction_base& tx, db_id workspace_id,
                                         const std::string& contract_id);
/// Cursors of every contract of the organization that has one, by contract.
std::vector<cursor_record> load_organization_cursors(pqxx::transaction_base& tx, db_id workspace_id,
                                                     const std::string& organization_id);
/// Records (or, with an empty `error`, clears) the contract's last sync error; creates the
/// cursor if it has none. The import state is left as it is.
void set_cursor_error(pqxx::transaction_base& tx, db_id workspace_id, const std::string& contract_id,
                      const std::optional<std::string>& error);

} // namespace upsync::storage::upwork_store
