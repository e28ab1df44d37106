// An organization's record of its contracts' failures in a row (issue 16): what each cycle
// changes, what must be persisted (changes only, handed to the store in one message per
// cycle) and the organization's share of the engine's failure metrics. Holds only failing
// contracts, so 100,000 healthy ones cost nothing. No CAF.
#pragma once

#include "actors/sync_failure.hpp"
#include "storage/records.hpp"
#include "storage/sync_health.hpp"

#include <string>
#include <unordered_map>
#include <vector>

namespace upsync::sync {

struct engine_instruments;

/// What the organization hands the store after a cycle: every change of its contracts'
/// health (sync_health::record writes them in one statement).
struct contract_health_changes {
  std::vector<storage::sync_health::change> changes;
};

class contract_health_book {
public:
  contract_health_book() = default;
  contract_health_book(const contract_health_book&) = delete;
  contract_health_book& operator=(const contract_health_book&) = delete;
  /// Takes its failing contracts off the gauge (the organization stopped).
  ~contract_health_book();

  /// Where changes belong and what counts them (null: metrics off).
  void start(storage::db_id workspace_id, engine_instruments* instruments);

  /// What PostgreSQL says of a contract (a restart, a contract joining). What this book
  /// knows already wins: a change of its own may not be written yet.
  void loaded(const std::string& contract_id, int failures_in_a_row);

  /// One cycle of a contract ended: `failure` empty when it succeeded (also when it had
  /// nothing to fetch). Counts a failure; queues the change when there is one.
  void cycle_done(const std::string& contract_id, const std::optional<fetch_failure>& failure);

  /// The contract no longer syncs here: it leaves the gauge (its stored health stays).
  void forget(const std::string& contract_id);

  int failures_in_a_row(const std::string& contract_id) const;

  /// The changes since the last call, oldest first.
  std::vector<storage::sync_health::change> take_changes();

private:
  void set(const std::string& contract_id, int before, int after);

  storage::db_id workspace_id_ = 0;
  engine_instruments* instruments_ = nullptr;
  std::unordered_map<std::string, int> failures_; ///< only contracts with failures in a row
  std::vector<storage::sync_health::change> changes_;
  int failing_ = 0; ///< contracts at or over sync_health::failing_after: this book's gauge share
};

} // namespace upsync::sync
