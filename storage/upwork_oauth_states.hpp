// OAuth `state` values in flight: what each was bound to when an authorization started,
// used up once by the callback. Only the state's SHA-256 is stored.
#pragma once

#include "storage/records.hpp"

#include <cstdint>
#include <optional>
#include <string>

#include <pqxx/types.hxx>

namespace upsync::storage::upwork_store {

// Times are Unix seconds; dates are day numbers (days since 1970-01-01, UTC); money is
// decimal text ("25.00"). Status-like fields are the schema's words, validated here:
// an unknown word throws std::invalid_argument before anything is sent.

/// What a state was bound to when the authorization started.
struct oauth_state_record {
  db_id workspace_id;
  db_id member_id;
  std::optional<db_id> connection_id; ///< set when re-authorizing that connection
  std::int64_t expires_at;
};

/// Stores the SHA-256 of `state` (never the state) bound to workspace, member and,
/// for a re-authorization, the connection.
void create_oauth_state(pqxx::transaction_base& tx, const std::string& state, const oauth_state_record& binding);
/// Uses the state up, atomically: nullopt when unknown, already used or expired. Looked up
/// by the state alone, because the OAuth callback brings nothing else; the binding says
/// which workspace it belongs to.
std::optional<oauth_state_record> consume_oauth_state(pqxx::transaction_base& tx, const std::string& state);
/// Makes a used state usable again, until it expires: its code exchange failed, so the
/// user may come back with it (the callback claims the state before the exchange).
void release_oauth_state(pqxx::transaction_base& tx, const std::string& state);

} // namespace upsync::storage::upwork_store
