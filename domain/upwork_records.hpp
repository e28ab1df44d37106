// What Upwork says about an organization, as records both sides use: the Upwork client
// (protocol/upwork) parses its answers into them, storage writes them into the workspace
// (discovery, a refresh, the OAuth tokens). One definition here, so storage and the client
// are siblings that share the domain's records and neither includes the other (issue 17);
// the client keeps its names for them (`upwork::contract` is `domain::contract`).
#pragma once

#include "domain/civil_date.hpp"
#include "domain/decimal.hpp"
#include "domain/organization_kind.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace upsync::domain {

/// An amount of money as Upwork sends it: `{rawValue, currency, displayValue}`.
struct money {
  decimal amount;
  std::string currency;      ///< ISO code such as "USD"; empty when not sent.
  std::string display_value; ///< Display text, for logs only.

  friend bool operator==(const money& a, const money& b) { return a.amount == b.amount && a.currency == b.currency; }
};

/// A person as Upwork names them (contract freelancer, staff user).
struct person {
  std::string id;  ///< the person's user id (not a staff membership id)
  std::string rid; ///< only on contract freelancers
  std::string name;
  std::string email; ///< empty when the grant may not read it
};

enum class contract_status { active, paused, closed };
/// Upwork's word for it: "ACTIVE", "PAUSED", "CLOSED".
const char* to_string(contract_status status);

/// Hourly contracts carry time; fixed-price contracts have none (F13, F14).
enum class contract_kind { hourly, fixed_price };
const char* to_string(contract_kind kind);

/// One entry of the rate history (`terms.hourlyTerms`).
struct hourly_term {
  std::string id;
  money hourly_rate;
  std::optional<date> start_date; ///< UTC day the rate takes effect; absent = since start
  std::optional<date> end_date;   ///< last UTC day; absent = open
  std::optional<bool> manual_time_allowed;
};

/// An organization referenced by a contract.
struct org_ref {
  std::string id;
  std::string name;
};

/// `ContractDetails`.
struct contract {
  std::string id;
  std::string title;
  contract_status status = contract_status::active;
  contract_kind kind = contract_kind::hourly;
  std::string delivery_model; ///< as sent, for diagnosis
  std::optional<utc_time> create_date;
  std::optional<utc_time> modify_date;
  std::optional<date> start_date;
  std::optional<date> end_date;
  std::optional<person> freelancer;
  std::optional<org_ref> client_organization;
  std::optional<org_ref> vendor_organization;
  /// Rate history, sorted by start date (open start first).
  std::vector<hourly_term> hourly_terms;
  bool has_fixed_price_terms = false;

  /// The hourly rate in force on `day` (step_in_force over the terms that have not ended by
  /// then). Nothing for fixed-price contracts or days outside every term.
  const hourly_term* rate_on(const date& day) const;
};

/// One organization as Upwork shows it now — its kind, its people and the contracts on its
/// side — read whole: by discovery at connect and by the engine's refresh (F5).
struct organization_snapshot {
  std::string id;
  std::string rid;
  std::string name;
  organization_kind kind = organization_kind::unknown; ///< agency | client | freelancer
  std::optional<std::string> avatar_url;
  /// True when companySelector was asked (discovery): `avatar_url` is then what Upwork
  /// says, none included; a refresh of one organization does not know its photo.
  bool photo_known = false;
  /// Agencies and freelancers: the staff. Clients: nobody here; their people are the
  /// freelancers of `contracts` (spec: a client's people are not its own staff).
  std::vector<person> staff;
  /// Agencies and freelancers: vendorContracts; clients: clientOffers.
  std::vector<contract> contracts;
  /// List entries of its answers skipped as unusable (e.g. pending offers without
  /// contract details); logged and counted by the client already, kept for the caller.
  std::size_t skipped_entries = 0;
};

/// An OAuth token answer. After a refresh, `refresh_token` is the NEW (rotated) refresh
/// token: persist it before using `access_token`, or the grant is lost within a day or two.
struct token_set {
  std::string access_token;
  std::string refresh_token;
  std::string token_type = "Bearer";
  std::int64_t expires_in = 0; ///< seconds; 0 when the server did not say
};

} // namespace upsync::domain
