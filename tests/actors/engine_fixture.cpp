#include "tests/actors/engine_fixture.hpp"

#include "tests/support/pg_cluster.hpp"

#include <pqxx/pqxx>

#include <chrono>

namespace upsync::testing {

const std::string simulated_engine::key_hex(64, 'c');
const std::string simulated_engine::client_secret = "engine-secret";

sim::sim_options small_engine_world(std::uint32_t contracts_per_org) {
  world_size size;
  size.seed = 11;
  size.members_per_org = 3;
  size.contracts_per_org = contracts_per_org;
  size.days = 30;
  return frozen_world(size, simulated_engine::client_secret);
}

simulated_engine::simulated_engine(sim::sim_options world, std::string id, std::vector<std::uint32_t> org_indexes)
    : client_id(std::move(id)), sim(std::move(world)) {
  sim.start();
  url = pg_cluster::shared().create_migrated_database();
  seeded = seed_sync_workspace(url, sim, key_hex, client_id, org_indexes);
}

simulated_engine::~simulated_engine() { engine.reset(); }

void simulated_engine::start_engine(const std::function<void(sync::engine_settings&)>& adjust) {
  auto s = simulator_engine_settings(sim, url, key_hex, client_id, client_secret);
  s.import_days = import_days;
  s.cycle_interval = std::chrono::milliseconds(200);
  if (adjust)
    adjust(s);
  engine = std::make_unique<sync::engine>(std::move(s));
  engine->start();
}

void simulated_engine::with_overview(sync::engine_settings& s) {
  s.metrics = std::make_shared<metrics::registry>();
  s.metrics_interval = std::chrono::milliseconds(50);
}

std::optional<bool> simulated_engine::runs_contract(const std::string& organization_id,
                                                    const std::string& contract_id) const {
  auto overview = engine ? engine->overview() : std::nullopt;
  if (!overview || overview->taken_at == 0)
    return std::nullopt;
  for (const auto& a : overview->actors)
    if (a.kind == "contract" && a.organization_id == organization_id && a.contract_id == contract_id)
      return true;
  return false;
}

void simulated_engine::expect_synced_equals_truth() {
  auto& w = sim.state().w;
  pqxx::connection db{url};
  pqxx::nontransaction tx{db};
  for (const auto& [org, c] : seeded.contracts)
    for (auto day = w.today() - import_days + 1; day <= w.today(); ++day) {
      auto row =
        tx.exec_params1("SELECT (SELECT count(*) FROM upwork_cells WHERE workspace_id = $1 AND contract_id = $2"
                        "          AND vanished_at IS NULL AND cell_start >= to_timestamp($3::bigint * 86400)"
                        "          AND cell_start < to_timestamp(($3::bigint + 1) * 86400)),"
                        "       (SELECT COALESCE(sum(seconds), 0) FROM time_intervals WHERE workspace_id = $1"
                        "          AND upwork_contract_id = $2 AND started_at >= to_timestamp($3::bigint * 86400)"
                        "          AND started_at < to_timestamp(($3::bigint + 1) * 86400))",
                        seeded.workspace_id, c.id, day);
      long long truth = syncs(c) ? w.total(c, day).cells : 0;
      EXPECT_EQ(row[0].as<long long>(), truth) << "contract " << c.id << " day " << day;
      EXPECT_EQ(row[1].as<long long>(), truth * 600) << "contract " << c.id << " day " << day;
    }
}

long long simulated_engine::overlapping_intervals() const {
  return scalar("SELECT count(*) FROM time_intervals a JOIN time_intervals b "
                "ON a.upwork_contract_id = b.upwork_contract_id AND a.id < b.id "
                "AND a.started_at < b.ended_at AND b.started_at < a.ended_at");
}

} // namespace upsync::testing
