// Re-encrypts every sealed Upwork token from an old secret key to a new one (the
// `upsyncd rotate-key` command). One transaction: all rows move or none does.
#pragma once

#include "storage/secrets.hpp"

#include <pqxx/transaction_base>
#include <stdexcept>

namespace upsync::storage {

struct key_rotation_result {
  long long connections = 0;  ///< rows that hold at least one sealed token
  long long re_encrypted = 0; ///< tokens moved from the old key to the new one
  long long already_new = 0;  ///< tokens the new key opens already (a rerun)
};

/// A sealed token neither key opens: nothing is changed, the caller rolls back.
struct key_rotation_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Locks every connection row, opens each sealed token with `fresh` (already rotated:
/// left alone) or else `old` (sealed again under `fresh`, same associated data). Safe to
/// run again after a success or a failure. Throws key_rotation_error when a token opens
/// with neither key.
key_rotation_result rotate_token_key(pqxx::transaction_base& tx, const secret_key& old, const secret_key& fresh);

} // namespace upsync::storage
