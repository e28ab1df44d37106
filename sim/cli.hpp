// Command-line parsing for upwork-sim: every knob of sim_options as a --flag.
#pragma once

#include "sim/simulator.hpp"

#include <string>
#include <vector>

namespace upsync::sim {

struct cli_result {
  sim_options options;
  std::string log_level = "info";
  bool help = false;
  std::string error; ///< non-empty when the arguments are invalid
};

cli_result parse_cli(const std::vector<std::string>& args);
/// The --help text, listing every flag with its default.
std::string cli_help();

} // namespace upsync::sim
