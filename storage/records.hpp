// Plain rows of the workspace tables, as the repositories hand them out.
#pragma once

#include "domain/workspace_roles.hpp"

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace upsync::storage {

using db_id = std::int64_t;

// The roles and their rules are the domain's (domain/workspace_roles); kept here under
// storage's names, which the repositories and handlers use.
using domain::at_least;
using domain::role;
using domain::role_from_string;
using domain::to_string;

struct workspace_record {
  db_id id;
  std::string name;
  std::string timezone;
};

struct member_record {
  db_id id;
  db_id workspace_id;
  std::string name;
  std::string email;
  role member_role;
  bool active = true; ///< false once deactivated: their tokens no longer authenticate
};

struct project_record {
  db_id id;
  db_id workspace_id;
  std::string name;
  std::optional<std::string> client_name;
  bool billable;
  bool archived = false; ///< kept with its intervals, no longer offered for new mappings
};

struct interval_record {
  db_id id;
  db_id workspace_id;
  db_id member_id;
  std::optional<db_id> project_id;
  std::int64_t started_at; ///< Unix seconds
  std::int64_t ended_at;   ///< Unix seconds
  std::int64_t seconds;
  std::optional<std::string> pay_rate;  ///< decimal text, two places
  std::optional<std::string> bill_rate; ///< decimal text, two places
  std::optional<std::string> currency;
  std::string source; ///< "upwork" | "manual"
  std::optional<std::string> upwork_contract_id;
};

/// A unique constraint refused the write (e.g. a member's email already in use).
struct duplicate_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

} // namespace upsync::storage
