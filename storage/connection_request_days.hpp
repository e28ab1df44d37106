// The Upwork requests each connection sent, by UTC day (migration 0015): added by every
// node, read by the status dashboard and the admin view.
#pragma once

#include "storage/records.hpp"

#include <cstdint>
#include <map>
#include <vector>

#include <pqxx/types.hxx>

namespace upsync::storage::connection_request_days {

struct count {
  db_id workspace_id = 0;
  db_id connection_id = 0;
  std::int64_t day = 0; ///< days since 1970-01-01, UTC
  std::int64_t requests = 0;
};

/// Adds each count to its connection's day (one statement, whatever their number). A
/// connection no longer in the database (its workspace deleted) is left out.
void add(pqxx::transaction_base& tx, const std::vector<count>& counts);

/// The requests of `day` by connection of one workspace (connection id -> requests).
std::map<db_id, std::int64_t> of_workspace(pqxx::transaction_base& tx, db_id workspace_id, std::int64_t day);

/// The `limit` connections that sent the most requests on `day`, every workspace, most first.
std::vector<count> busiest(pqxx::transaction_base& tx, std::int64_t day, std::int64_t limit);

} // namespace upsync::storage::connection_request_days
