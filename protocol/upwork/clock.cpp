// The steady system clock and the manual test clock.
#include "protocol/upwork/clock.hpp"

#include <thread>

namespace upsync::upwork {
namespace {

class system_clock_impl : public clock {
public:
  time_point now() override { return std::chrono::steady_clock::now(); }
  void sleep_for(duration d) override {
    if (d > duration::zero())
      std::this_thread::sleep_for(d);
  }
};

} // namespace

std::shared_ptr<clock> clock::system() {
  static auto instance = std::make_shared<system_clock_impl>();
  return instance;
}

clock::time_point manual_clock::now() {
  std::lock_guard lock{mutex_};
  return now_;
}

void manual_clock::sleep_for(duration d) {
  if (d <= duration::zero())
    return;
  std::lock_guard lock{mutex_};
  now_ += d;
  slept_ += d;
}

void manual_clock::advance(duration d) {
  std::lock_guard lock{mutex_};
  now_ += d;
}

clock::duration manual_clock::slept() const {
  std::lock_guard lock{mutex_};
  return slept_;
}

} // namespace upsync::upwork
