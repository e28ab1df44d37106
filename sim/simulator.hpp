// The simulator as a library: build a world, serve it over HTTP on background threads.
#pragma once

#include "sim/fault_config.hpp"
#include "sim/generated_dataset.hpp"
#include "sim/oauth_store.hpp"
#include "sim/sim_state.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace upsync::sim {

struct sim_options {
  std::string host = "127.0.0.1";
  unsigned short port = 0;          ///< 0 picks a free port
  int threads = 2;                  ///< io threads
  std::string preset = "generated"; ///< "generated" (scale knobs apply) or "demo"
  scale_options scale;
  std::int64_t start_ms = -1; ///< simulated start instant; < 0 = now
  bool frozen_clock = false;  ///< the clock moves only when advanced
  oauth_settings oauth;
  fault_config faults;
};

/// Typical test use:
///   upsync::sim::simulator sim{opts};
///   auto port = sim.start();               // serving on 127.0.0.1:port
///   auto& truth = sim.state().w;           // ground truth in-process
///   sim.state().faults.set_config(...);    // faults at run time
/// The destructor stops the server and joins its threads.
class simulator {
public:
  /// Builds the world; throws std::invalid_argument on bad options.
  explicit simulator(sim_options options);
  ~simulator();
  simulator(const simulator&) = delete;
  simulator& operator=(const simulator&) = delete;

  /// Binds and starts serving; returns the bound port.
  unsigned short start();
  /// Stops serving and joins the io threads. Idempotent.
  void stop();
  /// Serves until SIGINT or SIGTERM, then stops (for the command-line tool). `ready` runs
  /// once the signal handlers are installed, so a signal can never kill a half-started sim.
  void run_until_signal(const std::function<void()>& ready);

  unsigned short port() const { return port_; }
  std::string base_url() const;
  sim_state& state() { return *state_; }
  const sim_options& options() const { return options_; }

  /// Authorize and exchange in-process: a fresh access/refresh pair for `client_id`
  /// reaching the orgs of `login_hint` (empty = all). Saves tests the redirect dance.
  token_outcome issue_tokens(const std::string& client_id, const std::string& login_hint = {});

private:
  struct runtime;
  sim_options options_;
  std::unique_ptr<sim_state> state_;
  std::unique_ptr<runtime> rt_;
  unsigned short port_ = 0;
};

} // namespace upsync::sim
