// How a connection's discovery shows in answers: the connection list and the wizard's
// accounts step both carry `"discovery": {"status","error","discovered_at","failures"}`.
#pragma once

#include "common/json_writer.hpp"
#include "storage/upwork_connections_store.hpp"

#include <vector>

namespace upsync::http {

/// Writes the key `discovery` and its object for `c`.
void write_discovery(json::writer& w, const storage::upwork_store::connection_record& c);

/// The discovery the wizard shows for a workspace: of its active connections the one that
/// needs attention most (failed, then pending, then the latest done); none when there is
/// no active connection.
const storage::upwork_store::connection_record*
wizard_discovery(const std::vector<storage::upwork_store::connection_record>& connections);

} // namespace upsync::http
