// Upwork OAuth connections: one row per authorized Upwork account of a workspace, with
// its sealed tokens (see secrets.hpp) and the state of its organizations' discovery.
#pragma once

#include "storage/records.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/types.hxx>

namespace upsync::storage::upwork_store {

// Times are Unix seconds; dates are day numbers (days since 1970-01-01, UTC); money is
// decimal text ("25.00"). Status-like fields are the schema's words, validated here:
// an unknown word throws std::invalid_argument before anything is sent.

struct connection_record {
  db_id id;
  db_id workspace_id;
  db_id created_by;
  std::string status;                           ///< active | needs_reauth | disconnected
  std::optional<std::string> access_token_enc;  ///< sealed bytes as hex (see secrets.hpp)
  std::optional<std::string> refresh_token_enc; ///< sealed bytes as hex
  std::optional<std::int64_t> access_expires_at;
  std::optional<std::int64_t> refresh_rotated_at;
  std::optional<std::string> upwork_user_id;
  std::int64_t created_at;
  std::int64_t updated_at;
  // Discovery of its organizations (connection_discovery.hpp): pending | done | failed.
  std::string discovery_status = "done";
  std::optional<std::string> discovery_error; ///< short, secret-free; none once done
  std::optional<std::int64_t> discovered_at;
  std::int32_t discovery_failures = 0; ///< failed attempts since the last success
};

/// Sealed tokens to store, as hex. Sealing needs the connection id (associated data), so
/// a connection is created first and given its tokens next.
struct connection_tokens {
  std::string access_token_enc;
  std::string refresh_token_enc;
  std::int64_t access_expires_at;
  /// When the refresh token last changed; empty keeps the stored time.
  std::optional<std::int64_t> refresh_rotated_at;
};

/// A new active connection without tokens; returns its id.
db_id create_connection(pqxx::transaction_base& tx, db_id workspace_id, db_id created_by,
                        const std::optional<std::string>& upwork_user_id);
std::optional<connection_record> find_connection(pqxx::transaction_base& tx, db_id workspace_id, db_id id);
std::vector<connection_record> list_connections(pqxx::transaction_base& tx, db_id workspace_id);
/// Every workspace's active connections, for the sync engine's start.
std::vector<connection_record> list_active_connections(pqxx::transaction_base& tx);
/// False when there is no such connection in the workspace, or it is disconnected (a
/// rotation racing a disconnect never brings the deleted tokens back).
bool save_tokens(pqxx::transaction_base& tx, db_id workspace_id, db_id id, const connection_tokens& tokens);
/// `status`: active | needs_reauth | disconnected. False when there is no such connection.
bool set_connection_status(pqxx::transaction_base& tx, db_id workspace_id, db_id id, const std::string& status);

} // namespace upsync::storage::upwork_store
