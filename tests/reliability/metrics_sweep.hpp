// The abuse sweep of GET /metrics, shared by the API listener's sweep (api_abuse_test) and
// the separate metrics listener's (metrics_access_test): the same refusals are expected
// wherever the route is served.
#pragma once

#include "tests/reliability/running_daemon.hpp"

#include <string>

namespace upsync::testing {

/// A `{"error":{code,message}}` body, as every refusal of the API carries.
bool is_error_json(const http_reply& r);

/// Throws bad requests at GET /metrics on the daemon's listener `port`, which demands
/// `metrics_token`: no, empty, forged, near-miss and other-scheme tokens, an API user's
/// token (`user_token`: not the metrics token), the token in the query, wrong methods,
/// paths next to /metrics, undecodable targets, a body over the limit. Expects the
/// documented 4xx every time (401 with `WWW-Authenticate: Bearer`, 405, 404, 400, 413),
/// never the token echoed; then the right token: 200 and an exposition the strict parser
/// accepts. Returns the number of requests sent.
int sweep_metrics_route(running_daemon& daemon, unsigned short port, const std::string& metrics_token,
                        const std::string& user_token);

} // namespace upsync::testing
