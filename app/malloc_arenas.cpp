// Why: glibc gives a thread that finds the allocator busy an arena of its own, up to eight
// per core, and memory freed into one arena is never reused by another. upsyncd's scheduler,
// fetcher, writer and HTTP threads all allocate, so at 100,000 contract actors part of the
// resident memory was fragmentation across 16 arenas (bench_scale: 454 MiB peak with glibc's
// default, 408 MiB with two). One arena per core keeps contention where it was — no more
// threads run at once than there are cores.
#include "app/malloc_arenas.hpp"

#include <algorithm>
#include <cstdlib>
#include <malloc.h>
#include <thread>

namespace upsync::app {

int cap_malloc_arenas() {
  if (std::getenv("MALLOC_ARENA_MAX")) // glibc has read it already; the operator's choice stands
    return 0;
  int cap = std::max(2, static_cast<int>(std::thread::hardware_concurrency()));
  return ::mallopt(M_ARENA_MAX, cap) == 1 ? cap : 0;
}

} // namespace upsync::app
