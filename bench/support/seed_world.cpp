#include "bench/support/seed_world.hpp"

#include "common/encoding.hpp"
#include "common/money.hpp"
#include "common/time_format.hpp"
#include "storage/secrets.hpp"

#include <pqxx/pqxx>
#include <set>
#include <stdexcept>
#include <tuple>

namespace upsync::bench {

std::size_t seeded_world::syncing() const {
  std::size_t n = 0;
  for (const auto& c : contracts)
    n += syncs(c);
  return n;
}

std::vector<std::uint32_t> vendor_orgs(const sim::simulator& sim, std::size_t wanted_syncing, std::size_t max_orgs) {
  auto& self = const_cast<sim::simulator&>(sim); // state() is not const; nothing is changed
  const auto& data = self.state().w.data();
  std::vector<std::uint32_t> out;
  std::size_t found = 0;
  for (std::uint32_t org = 0; org < data.org_count() && found < wanted_syncing && out.size() < max_orgs; org += 2) {
    out.push_back(org);
    for (auto index : data.contracts_of(org))
      found += syncs(data.contract(index));
  }
  return out;
}

namespace {

const char* status_text(sim::contract_status s) {
  return s == sim::contract_status::active ? "active" : s == sim::contract_status::paused ? "paused" : "closed";
}

long long insert_id(pqxx::work& tx, const std::string& sql) { return tx.exec1(sql)[0].as<long long>(); }

} // namespace

seeded_world seed_world(const std::string& database_url, sim::simulator& sim, const std::string& key_hex,
                        const std::string& client_id, const std::vector<std::uint32_t>& org_indexes) {
  auto tokens = sim.issue_tokens(client_id);
  if (tokens.status != 200)
    throw std::runtime_error("the simulator issued no tokens: " + tokens.error);
  auto key = storage::secret_key::from_hex(key_hex);
  if (!key)
    throw std::invalid_argument("the secret key must be 64 hex digits");
  const auto& data = sim.state().w.data();

  seeded_world world;
  world.access_token = tokens.access_token;
  world.api_token = storage::new_api_token();
  pqxx::connection db{database_url};
  pqxx::work tx{db};
  world.workspace_id = insert_id(tx, "INSERT INTO workspaces (name) VALUES ('Benchmark') RETURNING id");
  auto ws = std::to_string(world.workspace_id);
  world.admin_id = insert_id(tx, "INSERT INTO members (workspace_id, name, email, role) VALUES (" + ws
                                   + ", 'Admin', 'admin@example.com', 'super_admin') RETURNING id");
  tx.exec_params0("INSERT INTO api_tokens (workspace_id, member_id, token_hash) VALUES ($1, $2, $3)",
                  world.workspace_id, world.admin_id, pqxx::binarystring(storage::sha256(world.api_token)));
  world.connection_id = insert_id(tx, "INSERT INTO upwork_connections (workspace_id, created_by) VALUES (" + ws + ", "
                                        + std::to_string(world.admin_id) + ") RETURNING id");
  auto aad = storage::connection_aad(world.connection_id);
  tx.exec_params0("UPDATE upwork_connections SET access_token_enc = decode($2, 'hex'), "
                  "refresh_token_enc = decode($3, 'hex'), access_expires_at = now() + interval '1 day' "
                  "WHERE id = $1",
                  world.connection_id, encoding::to_hex(storage::encrypt(*key, tokens.access_token, aad)),
                  encoding::to_hex(storage::encrypt(*key, tokens.refresh_token, aad)));
  world.project_id =
    insert_id(tx, "INSERT INTO projects (workspace_id, name) VALUES (" + ws + ", 'Upwork work') RETURNING id");

  // Contracts and their freelancers, from the simulator's dataset.
  std::vector<std::pair<std::string, sim::contract_record>> contracts; // organization id, contract
  std::map<std::string, std::string> people;                           // Upwork user id -> name
  for (auto org_index : org_indexes) {
    auto org = data.org(org_index);
    world.organizations.push_back(org.id);
    for (auto index : data.contracts_of(org_index)) {
      auto c = data.contract(index);
      people.emplace(c.freelancer.id, c.freelancer.name);
      contracts.emplace_back(org.id, std::move(c));
    }
  }
  {
    pqxx::stream_to copy{tx, "members", std::vector<std::string>{"workspace_id", "name", "email", "role"}};
    for (const auto& [id, name] : people)
      copy << std::make_tuple(world.workspace_id, name, id + "@example.com", std::string{"member"});
    copy.complete();
  }
  for (const auto& row : tx.exec_params("SELECT id, email FROM members WHERE workspace_id = $1 AND role = 'member'",
                                        world.workspace_id)) {
    auto email = row[1].as<std::string>();
    world.members[email.substr(0, email.find('@'))] = row[0].as<long long>();
  }
  {
    pqxx::stream_to copy{tx, "upwork_organizations",
                         std::vector<std::string>{"workspace_id", "id", "connection_id", "name", "type"}};
    for (auto org_index : org_indexes) {
      auto org = data.org(org_index);
      copy << std::make_tuple(world.workspace_id, org.id, world.connection_id, org.name,
                              std::string{sim::to_string(org.kind)});
    }
    copy.complete();
  }
  {
    pqxx::stream_to copy{
      tx, "upwork_users",
      std::vector<std::string>{"workspace_id", "organization_id", "upwork_user_id", "name", "member_id", "sync"}};
    std::set<std::pair<std::string, std::string>> seen;
    for (const auto& [org, c] : contracts)
      if (seen.emplace(org, c.freelancer.id).second)
        copy << std::make_tuple(world.workspace_id, org, c.freelancer.id, c.freelancer.name,
                                world.members.at(c.freelancer.id), true);
    copy.complete();
  }
  {
    pqxx::stream_to copy{tx, "upwork_contracts",
                         std::vector<std::string>{"workspace_id", "id", "organization_id", "upwork_user_id", "title",
                                                  "status", "kind", "sync", "project_id", "locked", "confirmed_at"}};
    // As wizard step 3 leaves them: confirmed (F6) and locked.
    auto confirmed = time_format::format_rfc3339(sim.state().w.now_ms() / 1000);
    for (const auto& [org, c] : contracts)
      copy << std::make_tuple(world.workspace_id, c.id, org, c.freelancer.id, c.title,
                              std::string{status_text(c.status)}, std::string{c.hourly ? "hourly" : "fixed"}, true,
                              world.project_id, true, confirmed);
    copy.complete();
  }
  {
    pqxx::stream_to copy{
      tx, "upwork_contract_rates",
      std::vector<std::string>{"workspace_id", "contract_id", "side", "effective_from", "rate", "currency"}};
    for (const auto& [org, c] : contracts)
      for (const auto& term : c.hourly_terms)
        copy << std::make_tuple(world.workspace_id, c.id, std::string{"upwork"},
                                time_format::format_date(term.start_day), money::format_cents(term.rate_cents),
                                std::string{"USD"});
    copy.complete();
  }
  tx.commit();
  for (auto& [org, c] : contracts)
    world.contracts.push_back(std::move(c));
  return world;
}

} // namespace upsync::bench
