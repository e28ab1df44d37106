// What an organization is to upsync (agency, client or freelancer) and what follows from
// it: its name as stored, the wizard's section label, and which side of a contract's rates
// Upwork gives (F10).
#pragma once

#include <string>
#include <string_view>

namespace upsync::domain {

/// `unknown` only while the Upwork client has not decided yet (its flags said nothing).
enum class organization_kind { agency, client, freelancer, unknown };

/// "agency" | "client" | "freelancer" as stored in upwork_organizations.type; "unknown".
const char* to_string(organization_kind kind);

/// The stored name back; anything else is `unknown`.
organization_kind parse_organization_kind(std::string_view text);

/// The wizard's heading of an organization's section: "Freelancer/Agency (Name)" for an
/// agency, "Client (Name)" for a client, "Freelancer (Name)" otherwise.
std::string section_label(organization_kind kind, const std::string& name);

/// The two rates of a contract: pay (the workspace's cost) and bill (what it charges).
enum class rate_side { pay, bill };

/// "pay" | "bill", as upwork_contract_rates.side and the API name them.
const char* to_string(rate_side side);

/// F10: which side is Upwork's contract rate: the pay rate for a client (it pays the
/// freelancer), the bill rate for an agency or a freelancer (they bill the client).
rate_side upwork_side(organization_kind kind);

/// The same for an organization type as stored ("agency" | "client" | "freelancer"): the
/// side's name, "pay" or "bill", as upwork_contract_rates and the API write it.
const char* upwork_side_name(std::string_view stored_type);

/// The other side: the one the manager enters.
rate_side manager_side(organization_kind kind);

} // namespace upsync::domain
