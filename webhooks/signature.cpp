#include "webhooks/signature.hpp"

#include "common/encoding.hpp"
#include "storage/secrets.hpp"

#include <cstdlib>
#include <openssl/crypto.h>
#include <openssl/hmac.h>

namespace upsync::webhooks {

namespace {

std::string hmac_hex(std::string_view secret, std::string_view message) {
  unsigned char digest[32];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest, &length);
  return encoding::to_hex(std::string_view{reinterpret_cast<const char*>(digest), length});
}

std::string signed_text(std::int64_t t, std::string_view body) {
  std::string text = std::to_string(t);
  text += '.';
  text.append(body);
  return text;
}

} // namespace

std::string sign(std::string_view secret, std::int64_t unix_now, std::string_view body) {
  return "t=" + std::to_string(unix_now) + ",v1=" + hmac_hex(secret, signed_text(unix_now, body));
}

bool verify(std::string_view secret, std::string_view header, std::string_view body, std::int64_t unix_now,
            std::int64_t tolerance_seconds) {
  if (header.substr(0, 2) != "t=")
    return false;
  auto comma = header.find(",v1=");
  if (comma == std::string_view::npos || comma == 2 || comma > 14)
    return false;
  std::string t_text{header.substr(2, comma - 2)};
  for (char c : t_text)
    if (c < '0' || c > '9')
      return false;
  const auto t = std::strtoll(t_text.c_str(), nullptr, 10);
  if (t < unix_now - tolerance_seconds || t > unix_now + tolerance_seconds)
    return false; // too old (a replay) or from the future
  auto given = header.substr(comma + 4);
  auto expected = hmac_hex(secret, signed_text(t, body));
  return given.size() == expected.size() && CRYPTO_memcmp(given.data(), expected.data(), given.size()) == 0;
}

std::string new_secret() { return "whsec_" + encoding::to_hex(storage::random_bytes(32)); }

} // namespace upsync::webhooks
