#include "http/connect_discovery.hpp"

#include "http/sync_control.hpp"
#include "http/upwork_gateway.hpp"
#include "storage/connection_discovery.hpp"

#include <spdlog/spdlog.h>

namespace upsync::http {

namespace {

std::size_t skipped_in(const std::vector<upwork::organization_snapshot>& found) {
  std::size_t n = 0;
  for (const auto& org : found)
    n += org.skipped_entries;
  return n;
}

} // namespace

std::string discover_after_connect(api_request& req, const upwork_gateway& gateway,
                                   const std::shared_ptr<sync_control>& control, storage::db_id workspace_id,
                                   storage::db_id connection_id, const std::string& access_token) {
  // Step 1 ends: the exchanged code's tokens are safe before Upwork is asked anything more.
  req.commit_step();
  // Step 2, outside any transaction: no row lock or snapshot is held while Upwork answers.
  auto found = gateway.discover(access_token);
  // Step 3: the outcome, in a transaction of its own.
  try {
    req.begin_step();
    if (found.ok()) {
      auto counts = storage::save_connection_discovery(req.db(), workspace_id, connection_id, *found, req.now());
      req.commit_step();
      if (counts)
        spdlog::info("upwork_discovered request_id={} workspace={} connection={} organizations={} users={} "
                     "contracts={} skipped_entries={}",
                     req.request_id, workspace_id, connection_id, counts->organizations, counts->users,
                     counts->contracts, skipped_in(*found));
      return "done";
    }
    // The error's text names the operation and what Upwork said; tokens never appear in it.
    const auto& e = found.error();
    spdlog::warn("upwork_discovery_failed request_id={} connection={} kind={} status={} error=\"{}\"", req.request_id,
                 connection_id, upwork::to_string(e.kind), e.http_status, e.message);
    storage::mark_discovery_failed(req.db(), workspace_id, connection_id, upwork::summary(e));
    req.commit_step();
    request_discovery_retry(req, control, workspace_id, connection_id);
    return "failed";
  } catch (const std::exception& e) {
    // The connection stays with discovery pending; the engine picks pending ones up too.
    spdlog::error("upwork_discovery_not_saved request_id={} connection={} error=\"{}\"", req.request_id, connection_id,
                  e.what());
  }
  request_discovery_retry(req, control, workspace_id, connection_id);
  return "pending";
}

} // namespace upsync::http
