// One organization as Upwork shows it now — its kind, its people and the contracts on its
// side — fetched in one go. The OAuth callback's discovery (every organization a grant
// reaches) and the sync engine's refresh of one organization (F5) both read it this way.
#pragma once

#include "protocol/upwork/result.hpp"
#include "protocol/upwork/types.hpp"
#include "domain/upwork_records.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace upsync::upwork {

class upwork_client;

/// The snapshot is the domain's record (domain/upwork_records): storage writes it.
using organization_snapshot = domain::organization_snapshot;

/// What is known of the organization before asking (companySelector's item, or the row
/// stored at discovery): used where `organization` leaves a field empty.
struct organization_hint {
  std::string rid;
  std::string name;
  org_kind kind = org_kind::unknown;
};

/// `organization` (tenant = `organization_id`), then `staffs` + `vendorContracts` for an
/// agency or freelancer, or `clientOffers` for a client. Fails whole: no partial snapshot.
/// An organization of no kind we know fails as permanent (F10 needs the kind).
result<organization_snapshot> fetch_organization(upwork_client& client, const std::string& organization_id,
                                                 const organization_hint& hint = {});

/// Every organization the grant reaches (`companySelector`), each fetched as above;
/// organizations of no known kind are left out; each takes its photo from companySelector.
/// Fails whole on a failed request; odd list entries are skipped, not failures.
result<std::vector<organization_snapshot>> discover_organizations(upwork_client& client);

} // namespace upsync::upwork
