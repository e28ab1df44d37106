// Secrets at rest: API token generation and hashing, AES-256-GCM for Upwork tokens.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace upsync::storage {

/// `n` bytes from OpenSSL's CSPRNG.
std::string random_bytes(std::size_t n);

/// A new API token: "upsync_" followed by 256 random bits in base64url.
std::string new_api_token();

/// SHA-256 of `text` (32 raw bytes). API tokens and OAuth states are stored only as this.
std::string sha256(std::string_view text);

/// The 256-bit key for encrypting Upwork tokens (UPSYNC_SECRET_KEY).
class secret_key {
public:
  /// nullopt unless `hex` is exactly 64 hex digits.
  static std::optional<secret_key> from_hex(std::string_view hex);
  const unsigned char* data() const { return bytes_.data(); }

private:
  std::array<unsigned char, 32> bytes_{};
};

/// AES-256-GCM with a random 96-bit nonce. Output: nonce || ciphertext || 16-byte tag.
/// `associated` (e.g. the connection id) is authenticated, so a ciphertext moved to
/// another row does not decrypt.
std::string encrypt(const secret_key& key, std::string_view plaintext, std::string_view associated);

/// The associated data that binds an Upwork connection's sealed tokens to its row.
inline std::string connection_aad(long long connection_id) {
  return "upwork_connection:" + std::to_string(connection_id);
}

/// nullopt when the tag does not verify (wrong key, wrong associated data, tampering).
std::optional<std::string> decrypt(const secret_key& key, std::string_view sealed, std::string_view associated);

} // namespace upsync::storage
