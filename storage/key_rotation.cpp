#include "storage/key_rotation.hpp"

#include "common/encoding.hpp"

#include <optional>
#include <pqxx/pqxx>

namespace upsync::storage {

namespace {

/// The token sealed under `fresh`: as stored when `fresh` opens it already, else
/// re-sealed from `old`. Counts which it was.
std::string under_new_key(const std::string& sealed, long long connection_id, const char* column, const secret_key& old,
                          const secret_key& fresh, key_rotation_result& r) {
  auto aad = connection_aad(connection_id);
  if (decrypt(fresh, sealed, aad)) {
    ++r.already_new;
    return sealed;
  }
  auto plain = decrypt(old, sealed, aad);
  if (!plain)
    throw key_rotation_error("connection " + std::to_string(connection_id) + ": " + column
                             + " opens with neither the old nor the new key");
  ++r.re_encrypted;
  return encrypt(fresh, *plain, aad);
}

} // namespace

key_rotation_result rotate_token_key(pqxx::transaction_base& tx, const secret_key& old, const secret_key& fresh) {
  key_rotation_result result;
  // FOR UPDATE: a daemon still running cannot write a token under the old key between
  // our read and our write of the same row.
  auto rows = tx.exec("SELECT id, encode(access_token_enc, 'hex'), encode(refresh_token_enc, 'hex') "
                      "FROM upwork_connections "
                      "WHERE access_token_enc IS NOT NULL OR refresh_token_enc IS NOT NULL "
                      "ORDER BY id FOR UPDATE");
  for (const auto& row : rows) {
    auto id = row[0].as<long long>();
    ++result.connections;
    std::optional<std::string> sealed[2];
    const char* columns[2] = {"access_token_enc", "refresh_token_enc"};
    for (int i = 0; i < 2; ++i) {
      if (row[i + 1].is_null())
        continue;
      auto bytes = encoding::from_hex(row[i + 1].as<std::string>());
      if (!bytes)
        throw key_rotation_error("connection " + std::to_string(id) + ": " + columns[i] + " is not readable");
      sealed[i] = encoding::to_hex(under_new_key(*bytes, id, columns[i], old, fresh, result));
    }
    tx.exec_params0("UPDATE upwork_connections SET access_token_enc = decode($2, 'hex'), "
                    "refresh_token_enc = decode($3, 'hex') WHERE id = $1",
                    id, sealed[0], sealed[1]);
  }
  return result;
}

} // namespace upsync::storage
