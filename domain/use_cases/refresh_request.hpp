// Use cases: "Refresh from Upwork" (wizard step 2) and "Sync now" (issue 20), the request
// side — refuse when the organization cannot be read, else mark its refresh running (a
// sync writes nothing). The caller answers 202 and, after commit, queues the work to the
// organization's actor, which reads Upwork and writes in its own transactions.
#pragma once

#include "domain/use_cases/refusal.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace upsync::domain {

/// What a refresh request reads and writes, for one workspace.
class refresh_request_storage {
public:
  virtual ~refresh_request_storage() = default;
  /// active | needs_reauth | disconnected; none when the connection is gone.
  virtual std::optional<std::string> connection_status(std::int64_t connection_id) = 0;
  virtual void mark_refresh_running(const std::string& organization_id) = 0;
};

struct refresh_target {
  std::string organization_id;
  std::int64_t connection_id;
  bool selected; ///< chosen for sync in wizard step 1
};

/// Why Upwork cannot be read for the organization now (codes connection_disconnected,
/// connection_needs_reauth, organization_not_selected), or none.
std::optional<refusal> why_not_readable(refresh_request_storage& storage, const refresh_target& organization);

/// Marks the organization's refresh running, or refuses (why_not_readable) with nothing
/// written.
std::optional<refusal> request_refresh(refresh_request_storage& storage, const refresh_target& organization);

/// "Sync now" (issue 20): refused for the same reasons; writes nothing (the cycle records
/// its own run). The caller answers 202 and, after commit, asks the engine for the cycle.
std::optional<refusal> request_sync(refresh_request_storage& storage, const refresh_target& organization);

} // namespace upsync::domain
