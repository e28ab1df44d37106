// Bijective numeric ids.
#include "sim/id_codec.hpp"

#include "sim/prng.hpp"

namespace upsync::sim {

namespace {

using u128 = unsigned __int128;

std::uint64_t mulmod(std::uint64_t a, std::uint64_t b, std::uint64_t m) {
  return static_cast<std::uint64_t>(static_cast<u128>(a) * b % m);
}

// Modular inverse by the extended Euclidean algorithm (a and m coprime).
std::uint64_t inverse_mod(std::uint64_t a, std::uint64_t m) {
  __int128 t = 0, new_t = 1;
  __int128 r = m, new_r = a;
  while (new_r != 0) {
    __int128 q = r / new_r;
    __int128 tmp = t - q * new_t;
    t = new_t;
    new_t = tmp;
    tmp = r - q * new_r;
    r = new_r;
    new_r = tmp;
  }
  if (t < 0)
    t += m;
  return static_cast<std::uint64_t>(t);
}

} // namespace

id_codec::id_codec(std::uint64_t prefix, int digits, std::uint64_t salt)
    : prefix_(prefix), digits_(digits), modulus_(1) {
  for (int i = 0; i < digits; ++i)
    modulus_ *= 10;
  mul_ = mix64(salt ^ 0x5bd1e995) % modulus_;
  mul_ |= 1;
  if (mul_ % 5 == 0)
    mul_ += 2;
  mul_ %= modulus_;
  inverse_ = inverse_mod(mul_, modulus_);
  salt_ = mix64(salt) % modulus_;
}

std::string id_codec::encode(std::uint64_t index) const {
  std::uint64_t x = (mulmod((index + 1) % modulus_, mul_, modulus_) + salt_) % modulus_;
  std::string body = std::to_string(x);
  return std::to_string(prefix_) + std::string(static_cast<std::size_t>(digits_) - body.size(), '0') + body;
}

std::optional<std::uint64_t> id_codec::decode(std::string_view id) const {
  std::string p = std::to_string(prefix_);
  if (id.size() != p.size() + static_cast<std::size_t>(digits_) || id.substr(0, p.size()) != p)
    return std::nullopt;
  std::uint64_t x = 0;
  for (char c : id.substr(p.size())) {
    if (c < '0' || c > '9')
      return std::nullopt;
    x = x * 10 + static_cast<std::uint64_t>(c - '0');
  }
  std::uint64_t shifted = (x + modulus_ - salt_) % modulus_;
  std::uint64_t plus_one = mulmod(shifted, inverse_, modulus_);
  if (plus_one == 0)
    return std::nullopt;
  return plus_one - 1;
}

} // namespace upsync::sim
