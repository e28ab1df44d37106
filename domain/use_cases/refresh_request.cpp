#include "domain/use_cases/refresh_request.hpp"

namespace upsync::domain {

std::optional<refusal> why_not_readable(refresh_request_storage& storage, const refresh_target& organization) {
  auto status = storage.connection_status(organization.connection_id);
  if (!status || *status == "disconnected")
    return refusal{refusal::kind::conflict, "the organization's Upwork connection is disconnected; connect again",
                   std::nullopt, "connection_disconnected"};
  if (*status == "needs_reauth")
    return refusal{refusal::kind::conflict, "the organization's Upwork connection needs re-authorization", std::nullopt,
                   "connection_needs_reauth"};
  if (!organization.selected)
    return refusal{refusal::kind::conflict, "the organization is not selected for sync (wizard step 1)", std::nullopt,
                   "organization_not_selected"};
  return std::nullopt;
}

std::optional<refusal> request_refresh(refresh_request_storage& storage, const refresh_target& organization) {
  if (auto refused = why_not_readable(storage, organization))
    return refused;
  storage.mark_refresh_running(organization.organization_id);
  return std::nullopt;
}

std::optional<refusal> request_sync(refresh_request_storage& storage, const refresh_target& organization) {
  return why_not_readable(storage, organization);
}

} // namespace upsync::domain
