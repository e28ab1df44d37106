// Engine settings for a benchmark that runs upsync's engine in-process against an
// in-process simulator: the simulator's URLs and clock ("today"), a request budget of the
// given rate, the engine's defaults for everything else.
#pragma once

#include "actors/actors.hpp"
#include "sim/simulator.hpp"

#include <string>

namespace upsync::bench {

struct engine_for_sim {
  std::string database_url;
  std::string key_hex;
  std::string client_id;
  std::string client_secret;
  int import_days = 90;
  double max_rps = 8; ///< the request budget; 8 is upsyncd's default
  double burst = 1;   ///< the budget's burst; 1 is upsyncd's default
  std::chrono::milliseconds cycle_interval{300'000};
  std::size_t diary_batch = 10;              ///< contract-days per aliased request; 10 is upsyncd's default
  std::chrono::milliseconds diary_linger{5}; ///< how long a batch that is not full waits; 5 ms is upsyncd's
};

sync::engine_settings engine_settings(sim::simulator& sim, const engine_for_sim& e);

} // namespace upsync::bench
