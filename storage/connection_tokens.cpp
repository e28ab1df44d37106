// Sealing and saving a connection's token set (see connection_tokens.hpp).
#include "storage/connection_tokens.hpp"

#include "common/encoding.hpp"
#include "storage/upwork_connections_store.hpp"

namespace upsync::storage {

bool save_tokens(pqxx::transaction_base& tx, db_id workspace_id, db_id connection_id, const domain::token_set& tokens,
                 const secret_key& key, std::int64_t now) {
  auto aad = connection_aad(connection_id);
  auto lifetime = tokens.expires_in > 0 ? tokens.expires_in : default_access_lifetime_seconds;
  return upwork_store::save_tokens(tx, workspace_id, connection_id,
                                   {encoding::to_hex(encrypt(key, tokens.access_token, aad)),
                                    encoding::to_hex(encrypt(key, tokens.refresh_token, aad)), now + lifetime, now});
}

} // namespace upsync::storage
