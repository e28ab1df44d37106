#include "bench/support/engine_for_sim.hpp"

#include "protocol/upwork/request_budget.hpp"

namespace upsync::bench {

sync::engine_settings engine_settings(sim::simulator& sim, const engine_for_sim& e) {
  sync::engine_settings s;
  s.database_url = e.database_url;
  s.secret_key_hex = e.key_hex;
  s.graphql_url = sim.base_url() + "/graphql";
  s.token_url = sim.base_url() + "/api/v3/oauth2/token";
  s.client_id = e.client_id;
  s.client_secret = e.client_secret;
  s.import_days = e.import_days;
  s.cycle_interval = e.cycle_interval;
  s.diary_batch = e.diary_batch;
  s.diary_linger = e.diary_linger;
  upwork::budget_options budget;
  budget.rate_per_second = e.max_rps;
  budget.burst = e.burst;
  s.budget = std::make_shared<upwork::request_budget>(budget);
  s.clock = [&sim] { return sim.state().w.now_ms() / 1000; }; // its "today" too
  return s;
}

} // namespace upsync::bench
