// What each endpoint's JSON body says, read and checked without the database: handlers
// apply the result, and one fuzz target (fuzz/fuzz_request_bodies.cpp) drives every
// reader with any bytes. Every refusal is an api_error (400, naming the field).
#pragma once

#include "domain/workspace_roles.hpp"
#include "storage/project_store.hpp"
#include "storage/records.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace upsync::http {

/// POST /api/v1/members.
struct member_body {
  std::string name;
  std::string email;
  storage::role member_role = storage::role::member;
};
member_body read_member_body(std::string_view text);

/// PATCH /api/v1/members/{id}: `role` and/or `active`.
domain::member_change read_member_patch_body(std::string_view text);

/// POST /api/v1/projects, and PATCH .../contracts/{id}'s `create_project`.
struct project_body {
  std::string name;
  std::optional<std::string> client_name;
  bool billable = false;
};
project_body read_project_body(std::string_view text);

/// PATCH /api/v1/projects/{id}: at least one of name, client_name (null clears it),
/// billable, archived.
storage::project_store::project_patch read_project_patch_body(std::string_view text);

/// POST /api/v1/time-intervals. Rates are normalized ("25.00"); `currency` is set
/// (default USD) exactly when a rate is.
struct interval_body {
  std::optional<storage::db_id> member_id;
  std::optional<storage::db_id> project_id;
  std::int64_t started_at = 0;
  std::int64_t ended_at = 0;
  std::optional<std::string> pay_rate;
  std::optional<std::string> bill_rate;
  std::optional<std::string> currency;
};
interval_body read_interval_body(std::string_view text);

/// PATCH /api/v1/time-intervals/{id}: at least one field; project_id may be null.
struct interval_patch_body {
  std::optional<std::int64_t> started_at;
  std::optional<std::int64_t> ended_at;
  std::optional<std::optional<storage::db_id>> project_id;
};
interval_patch_body read_interval_patch_body(std::string_view text);

/// PUT /api/v1/upwork/wizard/accounts: the organization ids to sync.
std::set<std::string> read_account_selection(std::string_view text);

/// PATCH /api/v1/upwork/organizations/{org}/users/{user}. Each field: absent -> nullopt,
/// null -> holds nullopt.
struct user_mapping_body {
  struct new_member {
    std::string name;
    std::string email;
  };
  std::optional<std::optional<storage::db_id>> member_id;
  std::optional<std::optional<new_member>> create_member;
  std::optional<bool> sync;
};
user_mapping_body read_user_mapping_body(std::string_view text);

/// PATCH /api/v1/upwork/contracts/{id}. `rates` holds "pay" and/or "bill" when given
/// (null clears the rate).
struct contract_mapping_body {
  std::optional<std::optional<storage::db_id>> project_id;
  std::optional<project_body> create_project;
  std::map<std::string, std::optional<std::string>> rates;
  std::optional<bool> sync;
  /// The manager's override of the Upwork side; null clears it (issue 16).
  std::optional<std::optional<std::string>> upwork_rate_override;
  /// A rate correction's first day (day number, from `YYYY-MM-DD`); only with a rate.
  std::optional<std::int64_t> effective_from;
};
contract_mapping_body read_contract_mapping_body(std::string_view text);

/// Bodies of actions that take none: empty or `{}`, nothing else.
void read_empty_body(std::string_view text);

/// Loose email check (one @, something on each side, no spaces or separators).
bool plausible_email(std::string_view email);

} // namespace upsync::http
