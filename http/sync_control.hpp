// What HTTP handlers may ask of the sync engine without knowing actors: "this changed,
// look again". app/ implements it over the engine. Calls happen after the request's
// transaction committed (see api_request::after_commit), so the engine reads the new state.
#pragma once

#include "storage/records.hpp"

#include <memory>
#include <string>

namespace upsync::http {

class sync_control {
public:
  virtual ~sync_control() = default;
  /// Selection, mapping, projects or rates of this organization changed (F9: at once).
  virtual void organization_changed(storage::db_id workspace_id, const std::string& organization_id) = 0;
  /// A connection was added, re-authorized or disconnected.
  virtual void connections_changed() = 0;
  /// Refresh this organization from Upwork (F5); the engine sets its refresh_status to
  /// idle (with last_refreshed_at) or failed when done.
  virtual void refresh_organization(storage::db_id workspace_id, const std::string& organization_id) = 0;
  /// Run this organization's sync cycle now (issue 20, "Sync now"): at once when none runs;
  /// a request while one runs joins it.
  virtual void sync_organization(storage::db_id workspace_id, const std::string& organization_id) {
    (void)workspace_id, (void)organization_id;
  }
  /// Discovery of this connection failed at connect: retry it in the background (with
  /// backoff) until it succeeds. Without an engine nothing retries before the next start.
  virtual void retry_discovery(storage::db_id workspace_id, storage::db_id connection_id) {
    (void)workspace_id, (void)connection_id;
  }
};

/// Queues `organization_changed` to run after the request commits; no-op without control.
struct api_request;
void notify_organization_changed(api_request& req, const std::shared_ptr<sync_control>& control,
                                 storage::db_id workspace_id, const std::string& organization_id);
void notify_connections_changed(api_request& req, const std::shared_ptr<sync_control>& control);
/// Queues `retry_discovery` to run after the request commits; no-op without control.
void request_discovery_retry(api_request& req, const std::shared_ptr<sync_control>& control,
                             storage::db_id workspace_id, storage::db_id connection_id);
/// Queues `sync_organization` to run after the request commits; no-op without control.
void request_sync(api_request& req, const std::shared_ptr<sync_control>& control, storage::db_id workspace_id,
                  const std::string& organization_id);
/// Queues `refresh_organization` to run after the request commits; no-op without control.
void request_refresh(api_request& req, const std::shared_ptr<sync_control>& control, storage::db_id workspace_id,
                     const std::string& organization_id);

} // namespace upsync::http
