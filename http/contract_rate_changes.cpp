// The rate part of a contract's PATCH (see contract_rate_changes.hpp).
#include "http/contract_rate_changes.hpp"

#include "domain/organization_kind.hpp"
#include "domain/rate_schedule.hpp"
#include "domain/sync_windows.hpp"
#include "http/api_error.hpp"
#include "common/time_format.hpp"
#include "storage/sync_cursor_store.hpp"
#include "storage/upwork_rate_store.hpp"

#include <algorithm>
#include <set>
#include <utility>
#include <vector>

namespace upsync::http {

namespace {

namespace store = storage::upwork_store;
namespace rate_store = storage::upwork_rate_store;

/// The import window's first day (domain::import_window), or the contract's own window
/// start when its import began earlier.
std::int64_t window_start(const std::optional<store::cursor_record>& cursor, const rate_change_target& t) {
  auto first = domain::import_window(t.today, t.import_days).first;
  if (cursor && cursor->window_start_day)
    first = std::min(first, *cursor->window_start_day);
  return first;
}

/// F10: a rate entered before the contract's first sync covers the whole import window;
/// a later change applies from today.
std::int64_t default_rate_day(pqxx::transaction_base& tx, const rate_change_target& t) {
  auto cursor = store::load_cursor(tx, t.workspace_id, t.contract.id);
  if (cursor && (cursor->synced_through_day || cursor->last_synced_at))
    return t.today;
  return window_start(cursor, t);
}

/// The sides the body changes, as upwork_contract_rates names them.
std::vector<std::pair<std::string, std::optional<std::string>>> changes_of(const contract_mapping_body& body) {
  std::vector<std::pair<std::string, std::optional<std::string>>> out(body.rates.begin(), body.rates.end());
  if (body.upwork_rate_override)
    out.emplace_back("upwork_override", *body.upwork_rate_override);
  return out;
}

} // namespace

std::optional<override_step> override_in_force(const std::vector<store::rate_row>& rows, const std::string& contract_id,
                                               std::int64_t day) {
  std::vector<const store::rate_row*> steps;
  for (const auto& r : rows) // ordered by side, then effective_from
    if (r.contract_id == contract_id && r.side == "upwork_override")
      steps.push_back(&r);
  auto step = domain::step_on(steps.begin(), steps.end(), day, [](const store::rate_row* r) {
    return std::optional<domain::day_number>{r->effective_from};
  });
  if (step == steps.end())
    return std::nullopt;
  return override_step{(*step)->effective_from, (*step)->rate};
}

std::int64_t earliest_correction_day(pqxx::transaction_base& tx, const rate_change_target& t) {
  return window_start(store::load_cursor(tx, t.workspace_id, t.contract.id), t);
}

void check_rate_changes(pqxx::transaction_base& tx, const rate_change_target& t, contract_mapping_body& body) {
  const auto& c = t.contract;
  auto kind = domain::parse_organization_kind(t.organization_type);
  std::string upwork = domain::upwork_side_name(t.organization_type);
  if (auto given = body.rates.find(upwork); given != body.rates.end()) {
    // The engine takes this side from Upwork's rate history (or the manager's override);
    // echoing back what the mapping view shows is fine.
    auto shown = override_in_force(store::load_rates(tx, t.workspace_id, c.id), c.id, t.today);
    bool echo = given->second == c.upwork_rate || (shown && shown->rate && given->second == shown->rate);
    if (!echo)
      throw unprocessable("this rate is the Upwork contract rate for a " + t.organization_type
                            + " account; refresh from Upwork, or set upwork_rate_override to override it",
                          upwork + "_rate");
    body.rates.erase(given);
  }
  // F10: a client account's bill rate is what the workspace bills its own customer, so it
  // exists only on a billable project.
  if (auto bill = body.rates.find("bill"); bill != body.rates.end() && bill->second
                                           && kind == domain::organization_kind::client && t.project_billable
                                           && !*t.project_billable)
    throw unprocessable("the contract's project is not billable: a client account's bill rate "
                        "applies only to a billable project",
                        "bill_rate");
  if (body.effective_from) {
    auto first = earliest_correction_day(tx, t);
    if (*body.effective_from < first)
      throw unprocessable("must be on or after " + time_format::format_date(first)
                            + ", the first day of the import window",
                          "effective_from");
  }
}

std::size_t apply_rate_changes(pqxx::transaction_base& tx, const rate_change_target& t,
                               const contract_mapping_body& body) {
  const auto& c = t.contract;
  auto changes = changes_of(body);
  if (changes.empty())
    return 0;
  if (!body.effective_from) {
    auto day = default_rate_day(tx, t);
    for (const auto& [side, rate] : changes)
      rate_store::set_step(tx, t.workspace_id, c.id, side, day, rate, c.currency);
    return 0;
  }
  // An interval re-priced on two sides counts once.
  std::set<storage::db_id> changed;
  for (const auto& [side, rate] : changes) {
    auto r = rate_store::correct_from(tx, t.workspace_id, c.id, t.organization_type, side, *body.effective_from, rate,
                                      c.currency);
    changed.insert(r.intervals_updated.begin(), r.intervals_updated.end());
  }
  return changed.size();
}

} // namespace upsync::http
