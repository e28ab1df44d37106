// The control API's shared pieces: how organizations and contracts are shown, its error
// answer, and the handlers of run-time changes (control_changes.cpp).
#pragma once

#include "sim/endpoints.hpp"

#include <string>
#include <string_view>

namespace upsync::json {
class writer;
}

namespace upsync::sim {

/// `{"error": message}` with `status`.
reply control_problem(const http_request& req, http::status status, const std::string& message);
/// An organization: index, ids, name, kind; with `details` its members and contract ids.
void write_org_view(json::writer& w, const world& wd, const org_record& o, bool details);
/// A contract: status, dates, parties, `rates` (the history), run-time pauses, fixed price.
void write_contract_view(json::writer& w, const world& wd, const contract_record& c);

/// POST /__control/contracts
reply add_contract(sim_state& s, const http_request& req);
/// POST /__control/contracts/{id}
reply change_contract(sim_state& s, const http_request& req, std::string_view id);
/// POST /__control/contracts/{id}/failure (control_failures.cpp)
reply set_contract_failure(sim_state& s, const http_request& req, std::string_view id);
/// GET /__control/failures
reply list_contract_failures(sim_state& s, const http_request& req);
/// POST /__control/orgs/{id}/quirks (control_quirks.cpp)
reply set_org_quirks(sim_state& s, const http_request& req, std::string_view id);
/// POST /__control/discovery/failure
reply set_discovery_failure(sim_state& s, const http_request& req);
/// GET /__control/quirks
reply list_quirks(sim_state& s, const http_request& req);
/// POST /__control/orgs/{id}/members
reply add_member(sim_state& s, const http_request& req, std::string_view org_id);

} // namespace upsync::sim
