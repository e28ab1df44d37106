// Shared body of the parser fuzz targets: any bytes in, a result out, invariants checked.
#pragma once

#include "protocol/upwork/result.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace upsync::upwork::fuzz {

/// Stops the run when an invariant breaks (libFuzzer reports the input that did it).
inline void check(bool ok) {
  if (!ok)
    std::abort();
}

/// Runs `parse` on the input; a result must be a value, an error or both, and an error
/// must carry a message.
template <class F>
int run_parser(const std::uint8_t* data, std::size_t size, F&& parse) {
  std::string_view body{reinterpret_cast<const char*>(data), size};
  auto r = parse(body);
  check(r.has_value() || r.has_error());
  if (r.has_error())
    check(!r.error().message.empty());
  return 0;
}

} // namespace upsync::upwork::fuzz

/// Defines the libFuzzer entry for one parser.
#define UPSYNC_PARSER_FUZZ_TARGET(parse_fn)                                                                            \
  extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {                                  \
    return upsync::upwork::fuzz::run_parser(data, size,                                                                \
                                            [](std::string_view b) { return upsync::upwork::parse_fn(b); });           \
  }
