// The one way an Upwork connection's OAuth tokens reach PostgreSQL: sealed (AES-256-GCM,
// bound to the connection's row) and saved with their expiry. Both the OAuth callback (a
// new grant) and the engine's token rotation (through the STORE actor) call it.
#pragma once

#include "domain/upwork_records.hpp"
#include "storage/records.hpp"
#include "storage/secrets.hpp"

#include <cstdint>

#include <pqxx/types.hxx>

namespace upsync::storage {

/// Upwork says 24 h; the access token's lifetime when a token answer does not say.
constexpr std::int64_t default_access_lifetime_seconds = 86400;

/// Seals `tokens` under `key` (associated data: connection_aad) and stores them: the access
/// token expires at `now` + expires_in (a day when Upwork names none); the refresh token
/// counts as rotated at `now`. False when the connection is not in the workspace or is
/// disconnected (a rotation racing a disconnect never brings the deleted tokens back).
bool save_tokens(pqxx::transaction_base& tx, db_id workspace_id, db_id connection_id, const domain::token_set& tokens,
                 const secret_key& key, std::int64_t now);

} // namespace upsync::storage
