// Requests per connection and day (see connection_request_days.hpp).
#include "storage/connection_request_days.hpp"

#include "storage/sql_array.hpp"

#include <pqxx/pqxx>

namespace upsync::storage::connection_request_days {

namespace {

// One statement for every count. Counts of the same connection-day are summed first (an
// upsert may not touch a row twice), and rows go in key order so that two nodes adding at
// once never wait on each other in opposite orders.
constexpr const char* add_counts =
  "INSERT INTO upwork_connection_request_days AS d (workspace_id, connection_id, day, requests)"
  " SELECT v.workspace_id, v.connection_id, DATE '1970-01-01' + v.day, sum(v.requests)"
  " FROM unnest($1::bigint[], $2::bigint[], $3::integer[], $4::bigint[]) AS v(workspace_id, connection_id, day, "
  "requests)"
  " JOIN upwork_connections c ON c.workspace_id = v.workspace_id AND c.id = v.connection_id"
  " GROUP BY v.workspace_id, v.connection_id, v.day"
  " ORDER BY v.workspace_id, v.connection_id, v.day"
  " ON CONFLICT (workspace_id, connection_id, day) DO UPDATE SET requests = d.requests + EXCLUDED.requests";

} // namespace

void add(pqxx::transaction_base& tx, const std::vector<count>& counts) {
  if (counts.empty())
    return;
  std::vector<std::string> workspaces, connections, days, requests;
  for (const auto& c : counts) {
    workspaces.push_back(std::to_string(c.workspace_id));
    connections.push_back(std::to_string(c.connection_id));
    days.push_back(std::to_string(c.day));
    requests.push_back(std::to_string(c.requests));
  }
  tx.exec_params0(add_counts, to_array_literal(workspaces), to_array_literal(connections), to_array_literal(days),
                  to_array_literal(requests));
}

std::map<db_id, std::int64_t> of_workspace(pqxx::transaction_base& tx, db_id workspace_id, std::int64_t day) {
  std::map<db_id, std::int64_t> out;
  for (const auto& row : tx.exec_params("SELECT connection_id, requests FROM upwork_connection_request_days"
                                        " WHERE workspace_id = $1 AND day = DATE '1970-01-01' + $2::integer",
                                        workspace_id, day))
    out[row[0].as<db_id>()] = row[1].as<std::int64_t>();
  return out;
}

std::vector<count> busiest(pqxx::transaction_base& tx, std::int64_t day, std::int64_t limit) {
  std::vector<count> out;
  for (const auto& row :
       tx.exec_params("SELECT workspace_id, connection_id, requests FROM upwork_connection_request_days"
                      " WHERE day = DATE '1970-01-01' + $1::integer"
                      " ORDER BY requests DESC, workspace_id, connection_id LIMIT $2",
                      day, limit))
    out.push_back({row[0].as<db_id>(), row[1].as<db_id>(), day, row[2].as<std::int64_t>()});
  return out;
}

} // namespace upsync::storage::connection_request_days
