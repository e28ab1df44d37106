// Bijective, random-looking numeric ids: index <-> id without any lookup table.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace upsync::sim {

/// Maps index i to prefix * 10^digits + ((i + 1) * mul + salt) mod 10^digits. `mul` is
/// odd and not a multiple of 5, hence invertible modulo 10^digits; decoding needs no
/// memory, which is what lets 10,000 organizations exist without being stored.
class id_codec {
public:
  id_codec(std::uint64_t prefix, int digits, std::uint64_t salt);

  std::string encode(std::uint64_t index) const;
  /// The index, or nullopt when `id` is not one of ours.
  std::optional<std::uint64_t> decode(std::string_view id) const;

private:
  std::uint64_t prefix_;
  int digits_;
  std::uint64_t modulus_;
  std::uint64_t mul_;
  std::uint64_t inverse_;
  std::uint64_t salt_;
};

} // namespace upsync::sim
