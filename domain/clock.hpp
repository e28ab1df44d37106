// The wall clock as something a caller hands in: rules about "today" (the import window,
// the rate in force, the billing week) take their "now" from a clock, so tests can fix it.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>

namespace upsync::domain {

/// Now as Unix seconds.
using wall_clock = std::function<std::int64_t()>;

inline std::int64_t system_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

/// The real wall clock.
inline wall_clock system_clock() { return system_now; }

/// A clock that always answers `t` (tests).
inline wall_clock fixed_clock(std::int64_t t) {
  return [t] { return t; };
}

} // namespace upsync::domain
