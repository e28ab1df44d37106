#include "tests/actors/sync_seed.hpp"

#include "common/encoding.hpp"
#include "common/money.hpp"
#include "protocol/upwork/request_budget.hpp"
#include "storage/secrets.hpp"

#include <pqxx/pqxx>
#include <stdexcept>

namespace upsync::testing {

namespace {

long long member_for(pqxx::work& tx, sync_seed& seed, const sim::user_record& person) {
  if (auto it = seed.members.find(person.id); it != seed.members.end())
    return it->second;
  auto id = tx.exec_params1("INSERT INTO members (workspace_id, name, email, role) VALUES ($1, $2, $3, 'member') "
                            "RETURNING id",
                            seed.workspace_id, person.name, person.id + "@example.com")[0]
              .as<long long>();
  seed.members[person.id] = id;
  return id;
}

const char* status_text(sim::contract_status s) {
  return s == sim::contract_status::active ? "active" : s == sim::contract_status::paused ? "paused" : "closed";
}

} // namespace

sync_seed seed_sync_workspace(const std::string& database_url, sim::simulator& sim, const std::string& key_hex,
                              const std::string& client_id, const std::vector<std::uint32_t>& org_indexes) {
  auto tokens = sim.issue_tokens(client_id);
  if (tokens.status != 200)
    throw std::runtime_error("the simulator issued no tokens: " + tokens.error);
  auto key = *storage::secret_key::from_hex(key_hex);
  sync_seed seed;
  pqxx::connection db{database_url};
  pqxx::work tx{db};
  seed.workspace_id = tx.exec1("INSERT INTO workspaces (name) VALUES ('Engine') RETURNING id")[0].as<long long>();
  auto admin = tx.exec_params1("INSERT INTO members (workspace_id, name, email, role) "
                               "VALUES ($1, 'Admin', 'admin@example.com', 'super_admin') RETURNING id",
                               seed.workspace_id)[0]
                 .as<long long>();
  seed.connection_id = tx.exec_params1("INSERT INTO upwork_connections (workspace_id, created_by) VALUES ($1, $2) "
                                       "RETURNING id",
                                       seed.workspace_id, admin)[0]
                         .as<long long>();
  // Sealed exactly as the daemon expects: AES-256-GCM, the connection id as associated data.
  auto aad = storage::connection_aad(seed.connection_id);
  tx.exec_params0("UPDATE upwork_connections SET access_token_enc = decode($2, 'hex'), "
                  "refresh_token_enc = decode($3, 'hex'), access_expires_at = now() + interval '1 day' "
                  "WHERE id = $1",
                  seed.connection_id, encoding::to_hex(storage::encrypt(key, tokens.access_token, aad)),
                  encoding::to_hex(storage::encrypt(key, tokens.refresh_token, aad)));
  auto project = tx.exec_params1("INSERT INTO projects (workspace_id, name) VALUES ($1, 'Upwork work') RETURNING id",
                                 seed.workspace_id)[0]
                   .as<long long>();
  const auto& data = sim.state().w.data();
  for (auto org_index : org_indexes) {
    auto org = data.org(org_index);
    tx.exec_params0("INSERT INTO upwork_organizations (workspace_id, id, connection_id, name, type) "
                    "VALUES ($1, $2, $3, $4, $5)",
                    seed.workspace_id, org.id, seed.connection_id, org.name, sim::to_string(org.kind));
    for (auto index : data.contracts_of(org_index)) {
      auto c = data.contract(index);
      auto member = member_for(tx, seed, c.freelancer);
      tx.exec_params0("INSERT INTO upwork_users (workspace_id, organization_id, upwork_user_id, name, member_id, sync) "
                      "VALUES ($1, $2, $3, $4, $5, true) ON CONFLICT DO NOTHING",
                      seed.workspace_id, org.id, c.freelancer.id, c.freelancer.name, member);
      tx.exec_params0(
        "INSERT INTO upwork_contracts (workspace_id, id, organization_id, upwork_user_id, title, "
        "status, kind, sync, project_id, confirmed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, true, $8, now())",
        seed.workspace_id, c.id, org.id, c.freelancer.id, c.title, std::string{status_text(c.status)},
        c.hourly ? "hourly" : "fixed", project);
      for (const auto& term : c.hourly_terms)
        tx.exec_params0("INSERT INTO upwork_contract_rates (workspace_id, contract_id, side, effective_from, rate, "
                        "currency) VALUES ($1, $2, 'upwork', date '1970-01-01' + $3::integer, $4::numeric, 'USD')",
                        seed.workspace_id, c.id, term.start_day, money::format_cents(term.rate_cents));
      seed.contracts.emplace_back(org_index, c);
    }
  }
  tx.commit();
  return seed;
}

sync::engine_settings simulator_engine_settings(sim::simulator& sim, const std::string& database_url,
                                                const std::string& key_hex, const std::string& client_id,
                                                const std::string& client_secret, double rate_per_second,
                                                double burst) {
  sync::engine_settings s;
  s.database_url = database_url;
  s.secret_key_hex = key_hex;
  s.graphql_url = sim.base_url() + "/graphql";
  s.token_url = sim.base_url() + "/api/v3/oauth2/token";
  s.client_id = client_id;
  s.client_secret = client_secret;
  upwork::budget_options budget;
  budget.rate_per_second = rate_per_second;
  budget.burst = burst;
  s.budget = std::make_shared<upwork::request_budget>(budget);
  s.clock = [&sim] { return sim.state().w.now_ms() / 1000; }; // its "today" too
  return s;
}

sim::sim_options frozen_world(const world_size& size, const std::string& client_secret) {
  sim::sim_options o;
  o.scale.seed = size.seed;
  o.scale.orgs = size.orgs;
  o.scale.members_per_org = size.members_per_org;
  o.scale.contracts_per_org = size.contracts_per_org;
  o.scale.days = size.days;
  o.frozen_clock = true;
  o.oauth.client_secret = client_secret;
  return o;
}

long long scalar(const std::string& database_url, const std::string& sql) {
  pqxx::connection db{database_url};
  pqxx::nontransaction tx{db};
  auto r = tx.exec1(sql);
  return r[0].is_null() ? 0 : r[0].as<long long>();
}

bool imports_done(const std::string& database_url, const sync_seed& seed) {
  long long expected = 0;
  for (const auto& [org, c] : seed.contracts)
    expected += syncs(c);
  return scalar(database_url, "SELECT count(*) FROM upwork_sync_cursors WHERE import_state = 'done'") == expected;
}

} // namespace upsync::testing
