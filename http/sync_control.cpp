#include "http/sync_control.hpp"

#include "http/router.hpp"

namespace upsync::http {

void notify_organization_changed(api_request& req, const std::shared_ptr<sync_control>& control,
                                 storage::db_id workspace_id, const std::string& organization_id) {
  if (control)
    req.after_commit.push_back(
      [control, workspace_id, organization_id] { control->organization_changed(workspace_id, organization_id); });
}

void request_refresh(api_request& req, const std::shared_ptr<sync_control>& control, storage::db_id workspace_id,
                     const std::string& organization_id) {
  if (control)
    req.after_commit.push_back(
      [control, workspace_id, organization_id] { control->refresh_organization(workspace_id, organization_id); });
}

void request_sync(api_request& req, const std::shared_ptr<sync_control>& control, storage::db_id workspace_id,
                  const std::string& organization_id) {
  if (control)
    req.after_commit.push_back(
      [control, workspace_id, organization_id] { control->sync_organization(workspace_id, organization_id); });
}

void request_discovery_retry(api_request& req, const std::shared_ptr<sync_control>& control,
                             storage::db_id workspace_id, storage::db_id connection_id) {
  if (control)
    req.after_commit.push_back(
      [control, workspace_id, connection_id] { control->retry_discovery(workspace_id, connection_id); });
}

void notify_connections_changed(api_request& req, const std::shared_ptr<sync_control>& control) {
  if (control)
    req.after_commit.push_back([control] { control->connections_changed(); });
}

} // namespace upsync::http
