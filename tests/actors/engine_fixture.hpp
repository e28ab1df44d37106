// The fixture the engine tests share: the simulator of a small world, a migrated database
// seeded for some of its organizations, the engine started when a test asks, and the
// checks every engine test ends with (synced equals the simulator's truth, no overlap).
#pragma once

#include "actors/actors.hpp"
#include "actors/engine.hpp"
#include "sim/simulator.hpp"
#include "tests/actors/sync_seed.hpp"

#include <functional>
#include <gtest/gtest.h>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace upsync::testing {

class simulated_engine : public ::testing::Test {
public:
  static const std::string key_hex;
  static const std::string client_secret;

protected:
  /// `world` is the simulator's options (its OAuth client secret is `client_secret`);
  /// `org_indexes` the organizations seeded as connected and mapped.
  simulated_engine(sim::sim_options world, std::string client_id, std::vector<std::uint32_t> org_indexes);
  ~simulated_engine() override;

  /// Starts the engine on the simulator: `import_days`, a 200 ms cycle, then `adjust`.
  void start_engine(const std::function<void(sync::engine_settings&)>& adjust = {});
  /// An `adjust` that turns the engine's metrics on, its actors reporting every 50 ms, so
  /// that its overview lists the actors it runs (runs_contract).
  static void with_overview(sync::engine_settings& s);
  /// Whether the engine runs a contract actor for the contract, as its latest actor
  /// overview says; nullopt while it has none (metrics off, or nothing published yet).
  std::optional<bool> runs_contract(const std::string& organization_id, const std::string& contract_id) const;

  long long scalar(const std::string& sql) const { return upsync::testing::scalar(url, sql); }
  bool imports_done() const { return upsync::testing::imports_done(url, seeded); }

  /// Ledger cells and interval seconds per contract-day of the import window equal the
  /// simulator's truth, for every seeded contract (no loss, no duplicate).
  void expect_synced_equals_truth();
  /// Pairs of intervals of one contract that overlap (time written twice).
  long long overlapping_intervals() const;

  const std::string client_id;
  int import_days = 14;
  sim::simulator sim;
  std::string url;
  sync_seed seeded;
  std::unique_ptr<sync::engine> engine;
};

/// A small world for the engine tests: seed 11, 3 members and `contracts_per_org`
/// contracts per organization, 30 days of history, on a frozen clock.
sim::sim_options small_engine_world(std::uint32_t contracts_per_org = 4);

} // namespace upsync::testing
