// glibc's malloc arenas, capped at one per core unless the operator chose a number.
#pragma once

namespace upsync::app {

/// Caps glibc's malloc arenas at the number of cores (at least 2) unless MALLOC_ARENA_MAX
/// is set in the environment; call before any thread starts. Returns the cap in force
/// (0: left to the environment or to glibc).
int cap_malloc_arenas();

} // namespace upsync::app
