// Seeds a workspace connected to the simulator at any scale with COPY: every contract of
// the chosen organizations mapped (its freelancer as a member, one project, sync on,
// confirmed and locked as wizard step 3 leaves them, Upwork rates), the grant's tokens
// sealed as the daemon expects, and an API token for the workspace's super admin.
// 100,000 contracts take seconds, not minutes.
#pragma once

#include "sim/simulator.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace upsync::bench {

struct seeded_world {
  long long workspace_id = 0;
  long long connection_id = 0;
  long long project_id = 0;
  long long admin_id = 0;
  std::string access_token;                    ///< the simulator's access token of the grant (for direct clients)
  std::string api_token;                       ///< bearer token of the super admin for upsyncd's API
  std::vector<std::string> organizations;      ///< Upwork organization ids
  std::vector<sim::contract_record> contracts; ///< every seeded contract
  std::map<std::string, long long> members;    ///< Upwork user id -> member id
  std::size_t syncing() const;
};

/// Whether upsync syncs this contract (hourly and active).
inline bool syncs(const sim::contract_record& c) { return c.hourly && c.status == sim::contract_status::active; }

/// Vendor-side organizations (even indexes; a contract has exactly one vendor), in order,
/// until their syncing contracts reach `wanted_syncing` or `max_orgs` is reached.
std::vector<std::uint32_t> vendor_orgs(const sim::simulator& sim, std::size_t wanted_syncing,
                                       std::size_t max_orgs = SIZE_MAX);

/// Seeds `database_url`. Tokens are issued for `client_id` (reaching every organization)
/// and sealed with `key_hex`.
seeded_world seed_world(const std::string& database_url, sim::simulator& sim, const std::string& key_hex,
                        const std::string& client_id, const std::vector<std::uint32_t>& org_indexes);

} // namespace upsync::bench
