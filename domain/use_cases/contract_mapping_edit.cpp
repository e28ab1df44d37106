#include "domain/use_cases/contract_mapping_edit.hpp"

#include "domain/rate_schedule.hpp"
#include "domain/sync_windows.hpp"
#include "common/time_format.hpp"

#include <algorithm>
#include <set>
#include <utility>

namespace upsync::domain {

namespace {

using progress = contract_mapping_storage::import_progress;

/// The import window's first day, or the contract's own window start when its import
/// began earlier: the earliest day a correction may start.
day_number window_start(const progress& p, const contract_edit_day& day) {
  auto first = import_window(day.today, day.import_days).first;
  if (p.window_start_day)
    first = std::min(first, *p.window_start_day);
  return first;
}

/// The override of Upwork's side shown on `day` (the first step when all lie ahead).
std::optional<std::string> override_shown(contract_mapping_storage& storage, const std::string& contract_id,
                                          day_number day) {
  auto steps = storage.override_steps(contract_id);
  auto step = step_on(steps.begin(), steps.end(), day, [](const contract_mapping_storage::rate_step& s) {
    return std::optional<day_number>{s.effective_from};
  });
  return step == steps.end() ? std::nullopt : step->rate;
}

/// Whether the project the contract has after this edit is billable; none without one.
std::optional<bool> billable_after(contract_mapping_storage& storage, const contract_to_edit& c,
                                   const contract_mapping_edit& edit) {
  if (edit.create_project)
    return edit.create_project->billable;
  auto project = edit.project_id ? *edit.project_id : c.mapping.project_id;
  return project ? storage.project_billable(*project) : std::nullopt;
}

/// F10's checks; drops an echoed rate of Upwork's side from `edit.rates`.
std::optional<refusal> refuse_rates(contract_mapping_storage& storage, const contract_to_edit& c,
                                    contract_mapping_edit& edit, const contract_edit_day& day) {
  auto upwork = upwork_side(c.kind);
  if (auto given = edit.rates.find(upwork); given != edit.rates.end()) {
    // The engine takes this side from Upwork's rate history (or the manager's override);
    // echoing back what the mapping view shows is fine.
    auto shown = override_shown(storage, c.id, day.today);
    bool echo = given->second == c.upwork_rate || (shown && given->second == shown);
    if (!echo)
      return refusal{refusal::kind::unprocessable,
                     std::string{"this rate is the Upwork contract rate for a "} + to_string(c.kind)
                       + " account; refresh from Upwork, or set upwork_rate_override to override it",
                     std::string{to_string(upwork)} + "_rate"};
    edit.rates.erase(given);
  }
  // A client account's bill rate is what the workspace bills its own customer, so it
  // exists only on a billable project.
  if (auto bill = edit.rates.find(rate_side::bill);
      bill != edit.rates.end() && bill->second && c.kind == organization_kind::client) {
    auto billable = billable_after(storage, c, edit);
    if (billable && !*billable)
      return refusal{refusal::kind::unprocessable,
                     "the contract's project is not billable: a client account's bill rate applies only to a "
                     "billable project",
                     "bill_rate"};
  }
  if (edit.effective_from) {
    auto first = window_start(storage.import_of(c.id), day);
    if (*edit.effective_from < first)
      return refusal{refusal::kind::unprocessable,
                     "must be on or after " + time_format::format_date(first) + ", the first day of the import window",
                     "effective_from"};
  }
  return std::nullopt;
}

/// The sides the edit changes, as upwork_contract_rates names them.
std::vector<std::pair<std::string, std::optional<std::string>>> rate_changes(const contract_mapping_edit& edit) {
  std::vector<std::pair<std::string, std::optional<std::string>>> out;
  for (const auto& [side, rate] : edit.rates)
    out.emplace_back(to_string(side), rate);
  if (edit.upwork_rate_override)
    out.emplace_back(upwork_override_side, *edit.upwork_rate_override);
  return out;
}

/// Records the rates: without effective_from from the import window's start while the
/// contract has not synced, else from today; with it, a correction from that day.
std::size_t apply_rates(contract_mapping_storage& storage, const contract_to_edit& c, const contract_mapping_edit& edit,
                        const contract_edit_day& day) {
  auto changes = rate_changes(edit);
  if (changes.empty())
    return 0;
  if (!edit.effective_from) {
    auto p = storage.import_of(c.id);
    auto from = p.synced ? day.today : window_start(p, day);
    for (const auto& [side, rate] : changes)
      storage.set_rate_step(c.id, side, from, rate);
    return 0;
  }
  std::set<std::int64_t> changed; // an interval re-priced on two sides counts once
  for (const auto& [side, rate] : changes) {
    auto ids = storage.correct_rate_from(c.id, side, *edit.effective_from, rate);
    changed.insert(ids.begin(), ids.end());
  }
  return changed.size();
}

} // namespace

std::variant<contract_edited, refusal> edit_contract_mapping(contract_mapping_storage& storage,
                                                             const contract_to_edit& contract,
                                                             contract_mapping_edit edit, const contract_edit_day& day) {
  const auto& c = contract;
  if (edit.project_id && *edit.project_id && !storage.project_billable(**edit.project_id))
    return refusal{refusal::kind::invalid, "no such project in this workspace", "project_id"};
  // An archived project keeps the contracts it has (issue 20); none joins it.
  if (edit.project_id && *edit.project_id && *edit.project_id != c.mapping.project_id
      && storage.project_archived(**edit.project_id))
    return refusal{refusal::kind::conflict, "the project is archived; unarchive it or choose another", "project_id",
                   "project_archived"};
  if (c.mapping.locked)
    return refusal{refusal::kind::conflict, "the mapping is locked; unlock its user first", std::nullopt};
  if (auto refused = refuse_rates(storage, c, edit, day))
    return *refused;
  if (edit.sync && *edit.sync && !c.user_syncs)
    return refusal{refusal::kind::unprocessable, "a contract syncs only while its user syncs; switch the user on first",
                   "sync"};

  auto m = c.mapping;
  bool chosen = false;
  if (edit.create_project) {
    // Created now, so the choice applies at once (F9) and review shows a real project.
    auto project = *edit.create_project;
    project.contract_id = c.id;
    m.project_id = storage.create_project(project);
    chosen = true;
  } else if (edit.project_id) {
    m.project_id = *edit.project_id;
    chosen = edit.project_id->has_value();
  }
  if (edit.sync)
    m.sync = *edit.sync;
  else if (chosen && c.user_syncs)
    m.sync = true; // F5: choosing a project switches sync on (while its user syncs)
  storage.save(c.id, m);
  return contract_edited{apply_rates(storage, c, edit, day)};
}

} // namespace upsync::domain
