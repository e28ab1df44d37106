// Value types that the Upwork client hands to the rest of upsync. The records storage writes
// too (person, contract and its terms) are the domain's (domain/upwork_records): named here
// as the client always named them; the rest are the client's own.
#pragma once

#include "protocol/upwork/civil_time.hpp"
#include "protocol/upwork/decimal.hpp"
#include "domain/organization_kind.hpp"
#include "domain/upwork_records.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace upsync::upwork {

// -- organizations --------------------------------------------------------------

/// What an organization is to upsync: the domain's one kind (domain/organization_kind),
/// which the client decides from Upwork's flags below.
using org_kind = domain::organization_kind;

/// The raw fields Upwork uses to say what an organization is. Every one may be absent.
struct org_flags {
  std::optional<bool> client;
  std::optional<bool> vendor;
  std::optional<bool> agency;
  std::optional<bool> individual;
};

/// Decides the kind: by `flag` first, then by the type/legacyType pair (spec table).
org_kind decide_org_kind(const std::optional<org_flags>& flag, const std::string& type, const std::string& legacy_type);

/// One entry of `companySelector.items`: an organization the grant can reach.
struct company_selector_item {
  std::string organization_id; ///< 19-digit id, the value of X-Upwork-API-TenantId
  std::string organization_rid;
  std::string title;
  std::string type;        ///< organizationType, e.g. "Business"
  std::string legacy_type; ///< organizationLegacyType, e.g. "Vendor"
  org_kind kind = org_kind::unknown;
  std::optional<std::string> photo_url; ///< photoUrl: an http(s) URL, or none
};

/// The answer of `organization { ... }` for the tenant.
struct organization {
  std::string id;
  std::string rid;
  std::string legacy_id;
  std::string name;
  std::string type;
  std::string legacy_type;
  std::optional<org_flags> flag;
  org_kind kind = org_kind::unknown;
};

// -- people ---------------------------------------------------------------------

using person = domain::person;

/// One `staffs` edge: a membership of a person in the organization.
struct staff_member {
  std::string staff_id;                          ///< the membership node id
  person user;                                   ///< the person: `user.id` is the id to map
  std::optional<std::int64_t> activation_status; ///< numeric code
  std::optional<std::int64_t> staff_type;        ///< numeric code
};

// -- contracts ------------------------------------------------------------------

using contract_status = domain::contract_status;
using contract_kind = domain::contract_kind;
using domain::to_string;
using hourly_term = domain::hourly_term;
using org_ref = domain::org_ref;
using contract = domain::contract;

// -- time -----------------------------------------------------------------------

/// One 10-minute cell of the work diary.
struct work_diary_cell {
  utc_time start; ///< the cell's start in UTC
  bool manual = false;
  bool overtime = false;
  std::optional<std::int64_t> activity_level;
  std::string memo;
  std::string task_id;
  std::string task_description;
};

/// One contract's day, the unit a work diary is read in.
struct contract_day {
  std::string contract_id;
  date day;
};

/// `workDiaryContract` for one contract-day.
struct work_diary {
  std::optional<std::int64_t> timezone_offset; ///< as sent (metadata only)
  std::string archiving_date_time;             ///< as sent (metadata only)
  std::vector<work_diary_cell> cells;          ///< sorted by start, duplicates removed
};

/// One `contractTimeReport` row: a daily total of one contract.
struct time_report_row {
  date date_worked_on;
  std::string contract_id;
  std::string freelancer_id;
  std::string task;
  std::string memo;
  decimal total_hours_worked;
  decimal total_charges;
};

// -- paging ---------------------------------------------------------------------

/// One page of a cursor connection.
template <class T>
struct page {
  std::vector<T> items;
  std::optional<std::int64_t> total_count;
  std::string end_cursor;
  bool has_next_page = false;
};

/// One page of `vendorContracts` (offset paging).
struct contract_offset_page {
  std::vector<contract> contracts;
  std::int64_t limit = 0;
  std::int64_t offset = 0;
};

} // namespace upsync::upwork
