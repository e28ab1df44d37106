// OAuth states in PostgreSQL (see upwork_oauth_states.hpp). Looked up by the state alone:
// the OAuth callback brings nothing else.
#include "storage/upwork_oauth_states.hpp"

#include "common/encoding.hpp"
#include "storage/pq_nullable.hpp"
#include "storage/secrets.hpp"
#include "storage/upwork_store_detail.hpp"

#include <pqxx/pqxx>

namespace upsync::storage::upwork_store {

using detail::as_text;

void create_oauth_state(pqxx::transaction_base& tx, const std::string& state, const oauth_state_record& binding) {
  tx.exec_params0("INSERT INTO upwork_oauth_states (state_hash, workspace_id, member_id,"
                  " connection_id, expires_at)"
                  " VALUES (decode($1, 'hex'), $2, $3, $4::bigint, to_timestamp($5))",
                  encoding::to_hex(sha256(state)), binding.workspace_id, binding.member_id,
                  as_text(binding.connection_id), binding.expires_at);
}

std::optional<oauth_state_record> consume_oauth_state(pqxx::transaction_base& tx, const std::string& state) {
  // One statement: of two concurrent callbacks with the same state, the second waits for
  // the first's row lock and then finds used_at set.
  auto rows =
    tx.exec_params("UPDATE upwork_oauth_states SET used_at = now()"
                   " WHERE state_hash = decode($1, 'hex') AND used_at IS NULL AND expires_at > now()"
                   " RETURNING workspace_id, member_id, connection_id, extract(epoch FROM expires_at)::bigint",
                   encoding::to_hex(sha256(state)));
  if (rows.empty())
    return std::nullopt;
  return oauth_state_record{rows[0][0].as<db_id>(), rows[0][1].as<db_id>(), nullable<db_id>(rows[0][2]),
                            rows[0][3].as<std::int64_t>()};
}

void release_oauth_state(pqxx::transaction_base& tx, const std::string& state) {
  tx.exec_params0("UPDATE upwork_oauth_states SET used_at = NULL WHERE state_hash = decode($1, 'hex')",
                  encoding::to_hex(sha256(state)));
}

} // namespace upsync::storage::upwork_store
