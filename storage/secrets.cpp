#include "storage/secrets.hpp"

#include "common/encoding.hpp"

#include <memory>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdexcept>

namespace upsync::storage {

namespace {

constexpr std::size_t nonce_size = 12;
constexpr std::size_t tag_size = 16;

using cipher_ctx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

cipher_ctx new_ctx() {
  cipher_ctx ctx{EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free};
  if (!ctx)
    throw std::runtime_error("EVP_CIPHER_CTX_new failed");
  return ctx;
}

const unsigned char* bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

unsigned char* bytes(std::string& s, std::size_t offset = 0) {
  return reinterpret_cast<unsigned char*>(s.data()) + offset;
}

} // namespace

std::string random_bytes(std::size_t n) {
  std::string out(n, '\0');
  if (RAND_bytes(bytes(out), static_cast<int>(n)) != 1)
    throw std::runtime_error("RAND_bytes failed");
  return out;
}

std::string new_api_token() { return "upsync_" + encoding::to_base64url(random_bytes(32)); }

std::string sha256(std::string_view text) {
  std::string digest(32, '\0');
  unsigned int len = 0;
  if (EVP_Digest(text.data(), text.size(), bytes(digest), &len, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("EVP_Digest failed");
  return digest;
}

std::optional<secret_key> secret_key::from_hex(std::string_view hex) {
  if (hex.size() != 64)
    return std::nullopt;
  auto raw = encoding::from_hex(hex);
  if (!raw)
    return std::nullopt;
  secret_key key;
  std::copy(raw->begin(), raw->end(), key.bytes_.begin());
  return key;
}

std::string encrypt(const secret_key& key, std::string_view plaintext, std::string_view associated) {
  std::string out = random_bytes(nonce_size);
  out.resize(nonce_size + plaintext.size() + tag_size);
  auto ctx = new_ctx();
  int len = 0;
  bool ok =
    EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key.data(), bytes(out)) == 1
    && EVP_EncryptUpdate(ctx.get(), nullptr, &len, bytes(associated), static_cast<int>(associated.size())) == 1
    && EVP_EncryptUpdate(ctx.get(), bytes(out, nonce_size), &len, bytes(plaintext), static_cast<int>(plaintext.size()))
         == 1
    && EVP_EncryptFinal_ex(ctx.get(), bytes(out, nonce_size + len), &len) == 1
    && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, tag_size, bytes(out, nonce_size + plaintext.size())) == 1;
  if (!ok)
    throw std::runtime_error("AES-256-GCM encryption failed");
  return out;
}

std::optional<std::string> decrypt(const secret_key& key, std::string_view sealed, std::string_view associated) {
  if (sealed.size() < nonce_size + tag_size)
    return std::nullopt;
  std::string_view nonce = sealed.substr(0, nonce_size);
  std::string_view body = sealed.substr(nonce_size, sealed.size() - nonce_size - tag_size);
  std::string tag{sealed.substr(sealed.size() - tag_size)};
  std::string out(body.size(), '\0');
  auto ctx = new_ctx();
  int len = 0;
  bool ok = EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key.data(), bytes(nonce)) == 1
            && EVP_DecryptUpdate(ctx.get(), nullptr, &len, bytes(associated), static_cast<int>(associated.size())) == 1
            && EVP_DecryptUpdate(ctx.get(), bytes(out), &len, bytes(body), static_cast<int>(body.size())) == 1
            && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, tag_size, bytes(tag)) == 1
            && EVP_DecryptFinal_ex(ctx.get(), bytes(out, len), &len) == 1;
  if (!ok)
    return std::nullopt;
  return out;
}

} // namespace upsync::storage
