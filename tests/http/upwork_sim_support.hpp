// What the Upwork API tests share: the demo simulator, and upsync's Upwork settings
// pointing at it.
#pragma once

#include "http/upwork_gateway.hpp"
#include "sim/simulator.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/json_doc.hpp"
#include "tests/support/url_query.hpp"

#include <memory>
#include <spdlog/spdlog.h>
#include <string>

namespace upsync::testing {

/// Ids of the demo data set (sim/demo_preset.cpp).
namespace demo {
inline const std::string nomadic_soft = "1426081917340139521"; ///< the agency
inline const std::string acme_corp = "1426081917340139522";    ///< a client
inline const std::string jose_mueller = "1387711212009881602"; ///< staff of Nomadic Soft
} // namespace demo

/// The demo data set (Nomadic Soft, Acme Corp, John Smith, Globex GmbH) on a frozen clock,
/// serving on a free loopback port.
inline std::unique_ptr<sim::simulator> start_demo_simulator() {
  spdlog::set_level(spdlog::level::warn); // the simulator logs every request at info
  sim::sim_options o;
  o.preset = "demo";
  o.frozen_clock = true;
  auto simulator = std::make_unique<sim::simulator>(o);
  simulator->start();
  return simulator;
}

/// upsync's Upwork settings for `simulator`, tokens sealed with `key_hex`.
inline http::upwork_settings upwork_settings_for(const sim::simulator& simulator, const std::string& key_hex) {
  http::upwork_settings s;
  s.authorize_url = simulator.base_url() + "/ab/account-security/oauth2/authorize";
  s.token_url = simulator.base_url() + "/api/v3/oauth2/token";
  s.graphql_url = simulator.base_url() + "/graphql";
  s.client_id = "upsync-test";
  s.client_secret = "secret";
  s.redirect_uri = "http://127.0.0.1/api/v1/upwork/oauth/callback";
  s.secret_key_hex = key_hex;
  return s;
}

/// The whole OAuth flow as a manager's browser walks it: start, the simulator's consent,
/// the callback. Returns the callback's answer ({"connection": {"id","status"}} on success).
inline http_reply connect_through_simulator(http_client& api, const sim::simulator& simulator,
                                            const std::string& token) {
  auto start = api.post("/api/v1/upwork/connections", "", token);
  if (start.status != 201)
    return start;
  http_client browser{simulator.port()};
  auto consent = browser.get(json_doc{start.body}.str("/authorize_url").substr(simulator.base_url().size()));
  auto back = query_of(consent.headers["location"]);
  return api.request("GET", "/api/v1/upwork/oauth/callback?code=" + back["code"] + "&state=" + back["state"], "",
                     {{"Accept", "application/json"}});
}

} // namespace upsync::testing
