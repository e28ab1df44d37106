// The simulated Upwork world's value types: organizations, people, contracts, rates, cells.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace upsync::sim {

enum class org_kind { agency, client, freelancer };
const char* to_string(org_kind kind);

struct org_record {
  std::uint32_t index = 0;
  std::string id; ///< 19 digits
  std::string rid;
  std::string legacy_id;
  std::string name;
  org_kind kind = org_kind::agency;
};

struct user_record {
  std::string id; ///< 19 digits: the person
  std::string rid;
  std::string name;
  std::string email;
};

/// A staff membership; its id is the membership, `user` is the person.
struct member_record {
  std::string id;
  user_record user;
  int activation_status = 1; ///< 1 active, 2 inactive
  int staff_type = 2;        ///< 1 owner/admin, 2 member
};

enum class contract_status { active, paused, closed };
const char* to_string(contract_status status);

/// One entry of a contract's rate history; days are epoch days (UTC), `end_day` inclusive.
struct hourly_term {
  std::string id;
  std::int64_t rate_cents = 0;
  std::int64_t start_day = 0;
  std::optional<std::int64_t> end_day;
  bool manual_time_allowed = true;
};

struct fixed_term {
  std::string id;
  std::int64_t amount_cents = 0;
  std::int64_t start_day = 0;
  std::optional<std::int64_t> end_day;
};

/// How a freelancer works on one contract: drives the work-diary generator.
struct work_habits {
  int start_slot = 54;   ///< usual first cell of the day (slot 54 = 09:00 UTC)
  int daily_slots = 36;  ///< usual cells per working day
  double day_off = 0.15; ///< chance of an empty weekday
  double weekend_work = 0.2;
  double manual_share = 0.08; ///< chance that a stretch is manual time
  bool night_owl = false;     ///< works late: stretches cross midnight UTC
};

/// A stretch of time in which a contract holds no cells: paused or closed at run time
/// through the control API, from `from_ms` until `to_ms` (open: still off).
struct off_period {
  std::int64_t from_ms = 0;
  std::optional<std::int64_t> to_ms;
  bool covers(std::int64_t ms) const { return ms >= from_ms && (!to_ms || ms < *to_ms); }
};

struct contract_record {
  std::uint32_t index = 0;
  std::string id; ///< about 8 digits
  std::string title;
  contract_status status = contract_status::active;
  bool hourly = true;
  std::int64_t create_ms = 0;
  std::int64_t modify_ms = 0;
  std::int64_t start_day = 0;
  std::optional<std::int64_t> end_day;    ///< closed contracts
  std::optional<std::int64_t> paused_day; ///< paused contracts: no time from this day on
  std::vector<off_period> off;            ///< run-time pauses and closing (cells dropped)
  std::uint32_t client_org = 0;
  std::uint32_t vendor_org = 0;
  user_record freelancer;
  std::vector<hourly_term> hourly_terms;
  std::vector<fixed_term> fixed_terms;
  work_habits habits;
  std::vector<std::string> memos;
  std::string currency = "USD";
};

struct task_ref {
  std::string id;
  std::string description;
};

/// One 10-minute work-diary cell.
struct cell {
  std::int64_t start_ms = 0;
  bool manual = false;
  bool overtime = false;
  int activity = 0; ///< 0..10
  std::string memo;
  std::optional<task_ref> task;
};

/// The hourly rate in force on `day`, in cents; 0 when no term covers it.
std::int64_t rate_on(const contract_record& c, std::int64_t day);

/// `cents` as "25.00" and "$25.00".
std::string money_raw(std::int64_t cents);
std::string money_display(std::int64_t cents, const std::string& currency);

} // namespace upsync::sim
