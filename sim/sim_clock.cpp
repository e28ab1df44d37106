// The simulated clock.
#include "sim/sim_clock.hpp"

namespace upsync::sim {

sim_clock::sim_clock(std::int64_t start_ms, bool frozen)
    : start_real_ms_(real_now_ms()), start_sim_ms_(start_ms < 0 ? start_real_ms_ : start_ms), frozen_(frozen) {}

std::int64_t sim_clock::real_now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::int64_t sim_clock::now_ms() const {
  auto elapsed = frozen_ ? 0 : real_now_ms() - start_real_ms_;
  return start_sim_ms_ + elapsed + offset_ms_.load();
}

} // namespace upsync::sim
