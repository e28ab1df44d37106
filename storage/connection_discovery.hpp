// Connecting in steps (issue 16): a connection is saved with its tokens as soon as the
// OAuth code is exchanged; discovering its organizations happens afterwards, outside any
// transaction, and is recorded here — done with what was found, or failed with a short,
// secret-free error so that the engine retries it in the background.
#pragma once

#include "domain/upwork_records.hpp"
#include "storage/records.hpp"
#include "storage/upwork_discovery_writer.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/types.hxx>

namespace upsync::storage {

/// Discovery has not finished yet (set with the tokens, before discovery runs).
void mark_discovery_pending(pqxx::transaction_base& tx, db_id workspace_id, db_id connection_id);

/// Writes what discovery found (save_discovery: mappings kept), sets every found
/// organization's last_refreshed_at to `now` (Unix seconds) and the connection's discovery
/// done. Nothing when the connection is no longer active (disconnected meanwhile): nullopt.
std::optional<discovery_counts> save_connection_discovery(pqxx::transaction_base& tx, db_id workspace_id,
                                                          db_id connection_id,
                                                          const std::vector<domain::organization_snapshot>& found,
                                                          std::int64_t now);

/// Discovery failed: status failed, `error` kept (cut to 300 bytes), one more failure.
/// Returns the failures in a row, or nullopt when the connection is not active.
std::optional<std::int32_t> mark_discovery_failed(pqxx::transaction_base& tx, db_id workspace_id, db_id connection_id,
                                                  const std::string& error);

/// A connection whose discovery is still to do: active, pending or failed, with tokens.
struct discovery_due {
  db_id workspace_id;
  db_id connection_id;
  std::string access_token_enc; ///< sealed bytes as hex
  std::int32_t failures;
};
/// Every such connection, or the one named.
std::vector<discovery_due> list_discovery_due(pqxx::transaction_base& tx,
                                              std::optional<db_id> connection_id = std::nullopt);

/// Disconnect: forgets the sealed tokens (re-authorizing stores new ones); organizations,
/// users, contracts and mappings stay. False when there is no such connection.
bool forget_tokens(pqxx::transaction_base& tx, db_id workspace_id, db_id connection_id);

} // namespace upsync::storage
