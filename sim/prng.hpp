// Hash-based pseudo-random numbers: every generated fact is a pure function of its keys.
#pragma once

#include <cstdint>
#include <initializer_list>

namespace upsync::sim {

/// One round of splitmix64: a fast, well-mixed 64-bit hash of `x`.
constexpr std::uint64_t mix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

/// Hashes a list of keys into one 64-bit value; order matters.
inline std::uint64_t hash_keys(std::initializer_list<std::uint64_t> keys) {
  std::uint64_t h = 0x243f6a8885a308d3ULL;
  for (auto k : keys)
    h = mix64(h ^ mix64(k));
  return h;
}

/// A tiny deterministic generator seeded from hashed keys, so that the data of one
/// (org, contract, day) never depends on what else was generated before it.
class prng {
public:
  explicit prng(std::uint64_t seed) : state_(seed) {}
  prng(std::initializer_list<std::uint64_t> keys) : state_(hash_keys(keys)) {}

  std::uint64_t next() { return mix64(state_++); }
  /// Uniform in [0, n); n must be > 0.
  std::uint64_t below(std::uint64_t n) { return next() % n; }
  /// Uniform in [lo, hi].
  std::int64_t between(std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo + 1)));
  }
  /// Uniform in [0, 1).
  double unit() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }
  bool chance(double p) { return unit() < p; }

private:
  std::uint64_t state_;
};

} // namespace upsync::sim
