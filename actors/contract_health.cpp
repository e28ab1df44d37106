// The organization's record of failing contracts (see contract_health.hpp).
#include "actors/contract_health.hpp"

#include "actors/engine_metrics.hpp"

namespace upsync::sync {

namespace {

bool failing(int failures_in_a_row) { return failures_in_a_row >= storage::sync_health::failing_after; }

} // namespace

contract_health_book::~contract_health_book() {
  if (instruments_ && failing_)
    instruments_->contracts_failing.add(-failing_);
}

void contract_health_book::start(storage::db_id workspace_id, engine_instruments* instruments) {
  workspace_id_ = workspace_id;
  instruments_ = instruments;
}

void contract_health_book::set(const std::string& contract_id, int before, int after) {
  if (after > 0)
    failures_[contract_id] = after;
  else
    failures_.erase(contract_id);
  int delta = (failing(after) ? 1 : 0) - (failing(before) ? 1 : 0);
  failing_ += delta;
  if (instruments_ && delta)
    instruments_->contracts_failing.add(delta);
}

void contract_health_book::loaded(const std::string& contract_id, int failures_in_a_row) {
  if (failures_in_a_row <= 0 || failures_.count(contract_id))
    return;
  set(contract_id, 0, failures_in_a_row);
}

void contract_health_book::cycle_done(const std::string& contract_id, const std::optional<fetch_failure>& failure) {
  if (!failure && failures_.empty())
    return; // the common case: every contract healthy
  int before = failures_in_a_row(contract_id);
  int after = before;
  auto change = after_cycle(after, failure);
  if (!change)
    return;
  set(contract_id, before, after);
  if (failure && instruments_)
    instruments_->contract_cycle_failed(failure->code);
  changes_.push_back(storage::sync_health::change{workspace_id_, contract_id, change->failures_in_a_row,
                                                  failure ? to_string(change->code) : std::string{},
                                                  std::move(change->message)});
}

void contract_health_book::forget(const std::string& contract_id) {
  auto it = failures_.find(contract_id);
  if (it != failures_.end())
    set(contract_id, it->second, 0);
}

int contract_health_book::failures_in_a_row(const std::string& contract_id) const {
  auto it = failures_.find(contract_id);
  return it == failures_.end() ? 0 : it->second;
}

std::vector<storage::sync_health::change> contract_health_book::take_changes() {
  std::vector<storage::sync_health::change> out;
  out.swap(changes_);
  return out;
}

} // namespace upsync::sync
