// Use case: a manager edits how an Upwork contract maps to the workspace (wizard step 2,
// PATCH of a contract): its project (F5, F9), its sync switch, and its rates (F10) — the
// manager's side, an override of the side Upwork gives, and corrections dated back with
// `effective_from` that re-price the synced intervals. Everything is checked before
// anything is written; storage is reached through the narrow interface below
// (implemented in storage/contract_mapping_edit_store).
#pragma once

#include "domain/calendar.hpp"
#include "domain/organization_kind.hpp"
#include "domain/use_cases/refusal.hpp"
#include "domain/use_cases/wizard_confirm.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace upsync::domain {

/// How a contract maps to the workspace; written whole.
struct contract_mapping {
  std::optional<std::int64_t> project_id;
  bool sync = false;
  bool locked = false;
};

/// The manager's override of the side Upwork gives, as upwork_contract_rates names it.
constexpr const char* upwork_override_side = "upwork_override";

/// What a contract edit reads and writes, for one workspace.
class contract_mapping_storage {
public:
  virtual ~contract_mapping_storage() = default;
  /// Whether the workspace's project is billable; none when there is no such project.
  virtual std::optional<bool> project_billable(std::int64_t project_id) = 0;
  /// Whether the workspace's project is archived (no new contract goes to it).
  virtual bool project_archived(std::int64_t project_id) = 0;
  /// A step of a rate history: the rate from `effective_from` on (none: cleared).
  struct rate_step {
    day_number effective_from;
    std::optional<std::string> rate;
  };
  /// The contract's override steps, ordered by effective_from.
  virtual std::vector<rate_step> override_steps(const std::string& contract_id) = 0;
  /// How far the contract's import got.
  struct import_progress {
    std::optional<day_number> window_start_day; ///< where its import window began, once started
    bool synced = false;                        ///< it has synced at least once
  };
  virtual import_progress import_of(const std::string& contract_id) = 0;
  /// Creates the project now (F9: the choice applies at once); its id.
  virtual std::int64_t create_project(const project_to_create& project) = 0;
  virtual void save(const std::string& contract_id, const contract_mapping& mapping) = 0;
  /// Records a step of `side` (pay | bill | upwork_override) from `day` on; a rate-less
  /// step clears the side from that day. Intervals are untouched.
  virtual void set_rate_step(const std::string& contract_id, const std::string& side, day_number day,
                             const std::optional<std::string>& rate) = 0;
  /// A correction from `day`: the step, the later steps of the side dropped, and every
  /// synced interval from that day re-priced. The ids of the intervals it re-priced.
  virtual std::vector<std::int64_t> correct_rate_from(const std::string& contract_id, const std::string& side,
                                                      day_number day, const std::optional<std::string>& rate) = 0;
};

/// The contract as the edit reads it (in this transaction).
struct contract_to_edit {
  std::string id;
  organization_kind kind;                 ///< its organization's
  std::optional<std::string> upwork_rate; ///< Upwork's own, on Upwork's side (F10)
  contract_mapping mapping;
  bool user_syncs = false; ///< its Upwork user syncs (F5)
};

/// PATCH of a contract's mapping. Each field: absent -> nullopt, null -> holds nullopt.
struct contract_mapping_edit {
  std::optional<std::optional<std::int64_t>> project_id;
  std::optional<project_to_create> create_project;
  std::map<rate_side, std::optional<std::string>> rates; ///< pay_rate, bill_rate
  std::optional<bool> sync;
  std::optional<std::optional<std::string>> upwork_rate_override; ///< null clears it
  std::optional<day_number> effective_from;                       ///< a correction's first day
};

/// When the edit happens, and how its dates read in a refusal.
struct contract_edit_day {
  day_number today;
  int import_days;
};

struct contract_edited {
  std::size_t intervals_updated = 0; ///< re-priced by a correction (an interval counts once)
};

/// Applies `edit` to `contract`, or refuses it with nothing written: an unknown project
/// (400), a locked mapping (409), a rate on Upwork's side other than the one shown (422:
/// set the override instead), a client's bill rate on a non-billable project (422), an
/// `effective_from` before the import window (422), sync on while its user does not sync
/// (422). Choosing a project switches sync on while the user syncs. Without
/// `effective_from` a rate applies from the import window's start until the contract first
/// syncs, from today after; with it, it corrects from that day.
std::variant<contract_edited, refusal> edit_contract_mapping(contract_mapping_storage& storage,
                                                             const contract_to_edit& contract,
                                                             contract_mapping_edit edit, const contract_edit_day& day);

} // namespace upsync::domain
