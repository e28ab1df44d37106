// Fetching organizations whole (see organization_snapshot.hpp).
#include "protocol/upwork/organization_snapshot.hpp"

#include "protocol/upwork/upwork_client.hpp"

namespace upsync::upwork {

namespace {

template <class T>
error failure_of(const result<T>& r, const char* operation) {
  return r.has_error() ? r.error() : make_error(error_kind::malformed, operation);
}

// `organization`: id, rid, name and kind (unknown when neither Upwork nor the hint tells).
result<organization_snapshot> describe(upwork_client& client, const std::string& organization_id,
                                       const organization_hint& hint) {
  auto info = client.organization_info(organization_id);
  if (!info.ok())
    return failure_of(info, "organization");
  organization_snapshot org;
  org.id = organization_id;
  org.rid = info->rid.empty() ? hint.rid : info->rid;
  org.name = info->name.empty() ? hint.name : info->name;
  org.kind = info->kind != org_kind::unknown ? info->kind : hint.kind;
  return org;
}

// The people and contracts on the organization's side.
result<organization_snapshot> complete(upwork_client& client, organization_snapshot org) {
  if (org.kind == org_kind::client) {
    auto offers = client.client_offers(org.id);
    if (!offers.ok())
      return failure_of(offers, "clientOffers");
    org.skipped_entries += offers.skipped();
    org.contracts = std::move(offers).value();
    return org;
  }
  auto staff = client.staffs(org.id);
  if (!staff.ok())
    return failure_of(staff, "staffs");
  org.skipped_entries += staff.skipped();
  for (auto& s : staff.value())
    org.staff.push_back(std::move(s.user));
  auto contracts = client.vendor_contracts(org.id, org.id);
  if (!contracts.ok())
    return failure_of(contracts, "vendorContracts");
  org.skipped_entries += contracts.skipped();
  org.contracts = std::move(contracts).value();
  return org;
}

} // namespace

result<organization_snapshot> fetch_organization(upwork_client& client, const std::string& organization_id,
                                                 const organization_hint& hint) {
  auto org = describe(client, organization_id, hint);
  if (!org.ok())
    return org;
  if (org->kind == org_kind::unknown)
    return make_error(error_kind::permanent, "organization " + organization_id + " is of no known kind");
  return complete(client, std::move(org).value());
}

result<std::vector<organization_snapshot>> discover_organizations(upwork_client& client) {
  auto items = client.company_selector();
  if (!items.ok())
    return failure_of(items, "companySelector");
  std::vector<organization_snapshot> out;
  for (const auto& item : *items) {
    auto org = describe(client, item.organization_id, organization_hint{item.organization_rid, item.title, item.kind});
    if (!org.ok())
      return org.error();
    // An organization of no kind we know cannot be mapped (F10 needs the kind): skip it.
    if (org->kind == org_kind::unknown)
      continue;
    org->avatar_url = item.photo_url;
    org->photo_known = true;
    auto whole = complete(client, std::move(org).value());
    if (!whole.ok())
      return whole.error();
    out.push_back(std::move(whole).value());
  }
  return out;
}

} // namespace upsync::upwork
