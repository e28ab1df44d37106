// Every route group of the API; app/ wires them into one router.
#pragma once

#include "http/router.hpp"

#include <functional>

namespace upsync::http {

/// /healthz and /readyz. `ready` answers whether the database and actor system run.
void add_health_routes(router& r, std::function<bool()> ready);
/// /api/v1/me and /api/v1/members.
void add_member_routes(router& r);
/// /api/v1/projects.
void add_project_routes(router& r);
/// /api/v1/time-intervals.
void add_interval_routes(router& r);

} // namespace upsync::http
