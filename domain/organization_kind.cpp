#include "domain/organization_kind.hpp"

namespace upsync::domain {

const char* to_string(organization_kind kind) {
  switch (kind) {
  case organization_kind::agency: return "agency";
  case organization_kind::client: return "client";
  case organization_kind::freelancer: return "freelancer";
  case organization_kind::unknown: return "unknown";
  }
  return "unknown";
}

organization_kind parse_organization_kind(std::string_view text) {
  if (text == "agency")
    return organization_kind::agency;
  if (text == "client")
    return organization_kind::client;
  if (text == "freelancer")
    return organization_kind::freelancer;
  return organization_kind::unknown;
}

std::string section_label(organization_kind kind, const std::string& name) {
  if (kind == organization_kind::agency)
    return "Freelancer/Agency (" + name + ")";
  if (kind == organization_kind::client)
    return "Client (" + name + ")";
  return "Freelancer (" + name + ")";
}

const char* to_string(rate_side side) { return side == rate_side::pay ? "pay" : "bill"; }

rate_side upwork_side(organization_kind kind) {
  return kind == organization_kind::client ? rate_side::pay : rate_side::bill;
}

const char* upwork_side_name(std::string_view stored_type) {
  return to_string(upwork_side(parse_organization_kind(stored_type)));
}

rate_side manager_side(organization_kind kind) {
  return upwork_side(kind) == rate_side::pay ? rate_side::bill : rate_side::pay;
}

} // namespace upsync::domain
