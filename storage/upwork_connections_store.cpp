// Upwork OAuth connections in PostgreSQL (see upwork_connections_store.hpp). Every
// statement names the workspace, except the engine's start-up list of active connections.
#include "storage/upwork_connections_store.hpp"

#include "storage/pq_nullable.hpp"
#include "storage/pq_rows.hpp"
#include "storage/upwork_store_detail.hpp"

#include <pqxx/pqxx>

namespace upsync::storage::upwork_store {

using detail::as_text;
using detail::require_one_of;

namespace {

constexpr const char* connection_columns =
  "id, workspace_id, created_by, status, encode(access_token_enc, 'hex'), "
  "encode(refresh_token_enc, 'hex'), extract(epoch FROM access_expires_at)::bigint, "
  "extract(epoch FROM refresh_rotated_at)::bigint, upwork_user_id, "
  "extract(epoch FROM created_at)::bigint, extract(epoch FROM updated_at)::bigint, "
  "discovery_status, discovery_error, extract(epoch FROM discovered_at)::bigint, discovery_failures";

connection_record connection_from_row(const pqxx::row& r) {
  return connection_record{r[0].as<db_id>(),
                           r[1].as<db_id>(),
                           r[2].as<db_id>(),
                           r[3].as<std::string>(),
                           nullable<std::string>(r[4]),
                           nullable<std::string>(r[5]),
                           nullable<std::int64_t>(r[6]),
                           nullable<std::int64_t>(r[7]),
                           nullable<std::string>(r[8]),
                           r[9].as<std::int64_t>(),
                           r[10].as<std::int64_t>(),
                           r[11].as<std::string>(),
                           nullable<std::string>(r[12]),
                           nullable<std::int64_t>(r[13]),
                           r[14].as<std::int32_t>()};
}

std::vector<connection_record> connections_from(const pqxx::result& rows) {
  return records_from(rows, connection_from_row);
}

} // namespace

db_id create_connection(pqxx::transaction_base& tx, db_id workspace_id, db_id created_by,
                        const std::optional<std::string>& upwork_user_id) {
  return tx
    .exec_params1("INSERT INTO upwork_connections (workspace_id, created_by, upwork_user_id) "
                  "VALUES ($1, $2, $3) RETURNING id",
                  workspace_id, created_by, upwork_user_id)[0]
    .as<db_id>();
}

std::optional<connection_record> find_connection(pqxx::transaction_base& tx, db_id workspace_id, db_id id) {
  auto rows = tx.exec_params(std::string{"SELECT "} + connection_columns
                               + " FROM upwork_connections WHERE workspace_id = $1 AND id = $2",
                             workspace_id, id);
  if (rows.empty())
    return std::nullopt;
  return connection_from_row(rows[0]);
}

std::vector<connection_record> list_connections(pqxx::transaction_base& tx, db_id workspace_id) {
  return connections_from(tx.exec_params(std::string{"SELECT "} + connection_columns
                                           + " FROM upwork_connections WHERE workspace_id = $1"
                                             " ORDER BY id",
                                         workspace_id));
}

std::vector<connection_record> list_active_connections(pqxx::transaction_base& tx) {
  return connections_from(tx.exec(std::string{"SELECT "} + connection_columns
                                  + " FROM upwork_connections WHERE status = 'active'"
                                    " ORDER BY workspace_id, id"));
}

bool save_tokens(pqxx::transaction_base& tx, db_id workspace_id, db_id id, const connection_tokens& tokens) {
  auto rows = tx.exec_params("UPDATE upwork_connections SET access_token_enc = decode($3, 'hex'),"
                             " refresh_token_enc = decode($4, 'hex'), access_expires_at = to_timestamp($5),"
                             " refresh_rotated_at = COALESCE(to_timestamp($6::bigint), refresh_rotated_at),"
                             " updated_at = now()"
                             " WHERE workspace_id = $1 AND id = $2 AND status <> 'disconnected' RETURNING id",
                             workspace_id, id, tokens.access_token_enc, tokens.refresh_token_enc,
                             tokens.access_expires_at, as_text(tokens.refresh_rotated_at));
  return !rows.empty();
}

bool set_connection_status(pqxx::transaction_base& tx, db_id workspace_id, db_id id, const std::string& status) {
  require_one_of("connection status", status, {"active", "needs_reauth", "disconnected"});
  auto rows = tx.exec_params("UPDATE upwork_connections SET status = $3, updated_at = now()"
                             " WHERE workspace_id = $1 AND id = $2 RETURNING id",
                             workspace_id, id, status);
  return !rows.empty();
}

} // namespace upsync::storage::upwork_store
