// The organization kind decision from Upwork's flags.
#include "protocol/upwork/types.hpp"

namespace upsync::upwork {

org_kind decide_org_kind(const std::optional<org_flags>& flag, const std::string& type,
                         const std::string& legacy_type) {
  if (flag) {
    // Agency and individual are the specific marks; vendor alone says "not a client".
    if (flag->agency.value_or(false))
      return org_kind::agency;
    if (flag->individual.value_or(false))
      return org_kind::freelancer;
    if (flag->client.value_or(false) && !flag->vendor.value_or(false))
      return org_kind::client;
  }
  if (type == "SoleProprietor")
    return org_kind::freelancer;
  if (type == "Business" && legacy_type == "Vendor")
    return org_kind::agency;
  if (type == "Business" && legacy_type == "Client")
    return org_kind::client;
  if (type.empty() && legacy_type == "Client")
    return org_kind::client;
  if (flag && flag->client.value_or(false))
    return org_kind::client;
  return org_kind::unknown;
}

} // namespace upsync::upwork
