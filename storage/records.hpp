// Plain rows of the workspace tables, as the repositories hand them out.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace upsync::storage {

using db_id = std::int64_t;

enum class role { member, manager, super_admin };

/// "member" | "manager" | "super_admin".
const char* to_string(role r);
std::optional<role> role_from_string(std::string_view text);
/// super_admin > manager > member.
inline bool at_least(role have, role need) { return static_cast<int>(have) >= static_cast<int>(need); }

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
};

struct project_record {
  db_id id;
  db_id workspace_id;
  std::string name;
  std::optional<std::string> client_name;
  bool billable;
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
