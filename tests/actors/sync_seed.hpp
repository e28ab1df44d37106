// Test seeding shared by the engine tests: a workspace connected to the simulator with the
// given organizations, every contract mapped (member, one project, sync on, confirmed, Upwork rates),
// tokens sealed exactly as the daemon expects; and a condition poller.
#pragma once

#include "actors/actors.hpp"
#include "sim/simulator.hpp"
#include "tests/support/eventually.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace upsync::testing {

struct sync_seed {
  long long workspace_id = 0;
  long long connection_id = 0;
  std::map<std::string, long long> members; ///< Upwork user id -> member id
  /// Every contract of the seeded organizations with its organization index.
  std::vector<std::pair<std::uint32_t, sim::contract_record>> contracts;
};

/// Seeds `database_url` for the simulator's organizations `org_indexes` (pick vendor-side
/// ones: a contract must not appear in two organizations). Tokens are issued for
/// `client_id` and sealed with `key_hex`.
sync_seed seed_sync_workspace(const std::string& database_url, sim::simulator& sim, const std::string& key_hex,
                              const std::string& client_id, const std::vector<std::uint32_t>& org_indexes);

/// The engine's settings against `sim` and `database_url`: the simulator's OAuth and
/// GraphQL URLs, its clock (the engine's now and "today"), a request budget of `rate_per_second` (burst `burst`).
sync::engine_settings simulator_engine_settings(sim::simulator& sim, const std::string& database_url,
                                                const std::string& key_hex, const std::string& client_id,
                                                const std::string& client_secret, double rate_per_second = 200,
                                                double burst = 20);

/// Whether upsync syncs this contract (hourly and active).
inline bool syncs(const sim::contract_record& c) { return c.hourly && c.status == sim::contract_status::active; }

/// The size of a small simulated world for the engine tests.
struct world_size {
  std::uint64_t seed = 1;
  std::uint32_t orgs = 3;
  std::uint32_t members_per_org = 2;
  std::uint32_t contracts_per_org = 3;
  std::uint32_t days = 20;
};

/// A simulator of that size on a frozen clock (the tests' "today" never moves), whose
/// OAuth client is `client_secret`.
sim::sim_options frozen_world(const world_size& size, const std::string& client_secret);

/// The first column of the one row `sql` answers on `database_url`; 0 for NULL.
long long scalar(const std::string& database_url, const std::string& sql);

/// Whether every contract of `seed` that syncs has its first import done.
bool imports_done(const std::string& database_url, const sync_seed& seed);

} // namespace upsync::testing
