// Everything a running simulator shares between its endpoints.
#pragma once

#include "sim/connect_quirks.hpp"
#include "sim/contract_failures.hpp"
#include "sim/fault_injector.hpp"
#include "sim/oauth_store.hpp"
#include "sim/request_stats.hpp"
#include "sim/world.hpp"

#include <memory>
#include <string>

namespace upsync::sim {

struct sim_state {
  sim_state(std::unique_ptr<dataset> data, std::shared_ptr<sim_clock> clk, oauth_settings oauth_cfg,
            fault_config fault_cfg, std::string preset_name)
      : clock(std::move(clk)), w(std::move(data), clock), oauth(*clock, std::move(oauth_cfg)), faults(fault_cfg),
        preset(std::move(preset_name)) {}

  std::shared_ptr<sim_clock> clock;
  world w;
  oauth_store oauth;
  fault_injector faults;
  contract_failures failing; ///< persistent failures of single contracts
  connect_quirks quirks;     ///< photos, pending offers, failing discovery
  request_stats stats;
  std::string preset;
};

} // namespace upsync::sim
