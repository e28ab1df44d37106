// Token generation, hashing and AES-256-GCM sealing of secrets at rest.
#include "storage/secrets.hpp"

#include <gtest/gtest.h>
#include <set>

using namespace upsync::storage;

namespace {
const char* key_hex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
}

TEST(secrets, api_tokens_are_unique_and_long) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    auto token = new_api_token();
    EXPECT_EQ(token.rfind("upsync_", 0), 0u);
    EXPECT_GE(token.size(), 7u + 43u);
    EXPECT_TRUE(seen.insert(token).second);
  }
}

TEST(secrets, sha256_matches_the_standard_test_vector) {
  auto digest = sha256("abc");
  ASSERT_EQ(digest.size(), 32u);
  EXPECT_EQ(static_cast<unsigned char>(digest[0]), 0xba);
  EXPECT_EQ(static_cast<unsigned char>(digest[31]), 0xad);
}

TEST(secrets, secret_key_needs_exactly_64_hex_digits) {
  EXPECT_TRUE(secret_key::from_hex(key_hex));
  EXPECT_FALSE(secret_key::from_hex("00"));
  EXPECT_FALSE(secret_key::from_hex(std::string(64, 'g')));
  EXPECT_FALSE(secret_key::from_hex(std::string{key_hex} + "00"));
}

TEST(secrets, sealed_text_round_trips_and_hides_the_plaintext) {
  auto key = *secret_key::from_hex(key_hex);
  std::string token = "oauth2v2_0123456789abcdef0123456789abcdef";
  auto sealed = encrypt(key, token, "connection:7");
  EXPECT_EQ(sealed.find(token), std::string::npos);
  EXPECT_EQ(sealed.size(), 12 + token.size() + 16);
  EXPECT_EQ(decrypt(key, sealed, "connection:7"), token);
}

TEST(secrets, nonces_are_random_so_equal_plaintexts_differ) {
  auto key = *secret_key::from_hex(key_hex);
  EXPECT_NE(encrypt(key, "same", "a"), encrypt(key, "same", "a"));
}

TEST(secrets, wrong_associated_data_key_or_tampering_fails_to_decrypt) {
  auto key = *secret_key::from_hex(key_hex);
  auto other = *secret_key::from_hex(std::string(64, 'f'));
  auto sealed = encrypt(key, "secret", "connection:7");
  EXPECT_FALSE(decrypt(key, sealed, "connection:8"));
  EXPECT_FALSE(decrypt(other, sealed, "connection:7"));
  auto tampered = sealed;
  tampered[13] ^= 1;
  EXPECT_FALSE(decrypt(key, tampered, "connection:7"));
  EXPECT_FALSE(decrypt(key, sealed.substr(0, 20), "connection:7"));
}
