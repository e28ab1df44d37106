#include "storage/refresh_request_store.hpp"

#include "storage/upwork_connections_store.hpp"
#include "storage/upwork_organizations_store.hpp"

namespace upsync::storage {

std::optional<std::string> refresh_request_store::connection_status(std::int64_t connection_id) {
  auto conn = upwork_store::find_connection(tx_, workspace_id_, connection_id);
  return conn ? std::optional<std::string>{conn->status} : std::nullopt;
}

void refresh_request_store::mark_refresh_running(const std::string& organization_id) {
  upwork_store::set_refresh_status(tx_, workspace_id_, organization_id, "running", std::nullopt);
}

} // namespace upsync::storage
