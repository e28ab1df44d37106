// What the Upwork API tests that run the real sync engine share: its settings pointing at
// the simulator and the test database.
#pragma once

#include "actors/actors.hpp"
#include "http/upwork_gateway.hpp"
#include "sim/simulator.hpp"

#include <string>

namespace upsync::testing {

/// The engine's settings for `simulator` (the engine runs on its clock) and the database at `url`.
inline sync::engine_settings engine_settings_for(const http::upwork_settings& upwork, const std::string& url,
                                                 const sim::simulator& simulator) {
  sync::engine_settings s;
  s.database_url = url;
  s.secret_key_hex = upwork.secret_key_hex;
  s.graphql_url = upwork.graphql_url;
  s.token_url = upwork.token_url;
  s.client_id = upwork.client_id;
  s.client_secret = upwork.client_secret;
  s.import_days = 14;
  s.budget = upwork.budget;
  s.clock = [&simulator] { return const_cast<sim::simulator&>(simulator).state().w.now_ms() / 1000; };
  return s;
}

} // namespace upsync::testing
