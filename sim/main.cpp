// upwork-sim: runs the Upwork simulator until SIGINT/SIGTERM.
#include "sim/cli.hpp"
#include "sim/simulator.hpp"

#include <cstdio>
#include <iostream>
#include <spdlog/spdlog.h>

int main(int argc, char** argv) {
  using namespace upsync::sim;
  auto cli = parse_cli(std::vector<std::string>(argv + 1, argv + argc));
  if (cli.help) {
    std::cout << cli_help();
    return 0;
  }
  if (!cli.error.empty()) {
    std::cerr << "upwork-sim: " << cli.error << "\n";
    return 2;
  }
  auto level = spdlog::level::from_str(cli.log_level);
  if (level == spdlog::level::off && cli.log_level != "off") {
    std::cerr << "upwork-sim: unknown log level " << cli.log_level << "\n";
    return 2;
  }
  spdlog::set_level(level);
  try {
    simulator sim{cli.options};
    auto port = sim.start();
    const auto& d = sim.state().w.data();
    sim.run_until_signal([&] {
      // Scripts read this line to learn the port; flush so a pipe sees it at once.
      std::cout << "listening on " << cli.options.host << ":" << port << std::endl;
      spdlog::info("upwork-sim: preset={} seed={} orgs={} contracts={} threads={}", cli.options.preset, d.seed(),
                   d.org_count(), d.contract_count(), cli.options.threads);
    });
    spdlog::info("upwork-sim: stopped");
  } catch (const std::exception& e) {
    std::cerr << "upwork-sim: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
