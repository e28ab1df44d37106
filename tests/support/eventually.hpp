// Waiting for a condition in tests: poll it until it holds or a deadline passes, never a
// fixed sleep standing in for synchronisation.
#pragma once

#include <chrono>
#include <thread>

namespace upsync::testing {

template <class F>
bool eventually(F&& condition, std::chrono::seconds limit = std::chrono::seconds(90)) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition())
      return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  return condition();
}

} // namespace upsync::testing
