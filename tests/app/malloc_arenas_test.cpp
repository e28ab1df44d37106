// upsyncd caps glibc's malloc arenas at one per core unless the operator set MALLOC_ARENA_MAX.
#include "app/malloc_arenas.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <malloc.h>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

/// How many arenas glibc has made so far (malloc_info lists one <heap> per arena).
int arenas() {
  char* text = nullptr;
  std::size_t size = 0;
  FILE* out = ::open_memstream(&text, &size);
  ::malloc_info(0, out);
  std::fclose(out);
  std::string xml{text, size};
  std::free(text);
  int n = 0;
  for (auto at = xml.find("<heap nr="); at != std::string::npos; at = xml.find("<heap nr=", at + 1))
    ++n;
  return n;
}

/// Starts `n` threads that each allocate while all of them are alive: glibc gives a thread
/// that finds its arena busy a new one, up to eight per core without a cap (12 threads
/// made 3 arenas on a 2-core machine, capped 2).
void allocate_from_threads(int n) {
  std::mutex m;
  std::condition_variable cv;
  int allocated = 0;
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i)
    threads.emplace_back([&] {
      void* p = std::malloc(4096);
      for (int k = 0; k < 1000; ++k) // contention: what makes glibc open another arena
        std::free(std::malloc(64 + k));
      std::unique_lock lock{m};
      ++allocated;
      cv.notify_all();
      cv.wait(lock, [&] { return allocated == n; });
      lock.unlock();
      std::free(p);
    });
  for (auto& t : threads)
    t.join();
}

} // namespace

TEST(malloc_arenas, the_operators_setting_stands) {
  ::setenv("MALLOC_ARENA_MAX", "3", 1);
  EXPECT_EQ(upsync::app::cap_malloc_arenas(), 0);
  ::unsetenv("MALLOC_ARENA_MAX");
}

TEST(malloc_arenas, capped_at_one_per_core_so_many_threads_share_them) {
  int cap = upsync::app::cap_malloc_arenas();
  EXPECT_EQ(cap, std::max(2, static_cast<int>(std::thread::hardware_concurrency())));
  int before = arenas();
  allocate_from_threads(4 * cap + 4);
  EXPECT_LE(arenas(), std::max(before, cap)) << "every thread got an arena of its own";
}
