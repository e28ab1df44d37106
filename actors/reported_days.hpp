// An organization's memory of what Upwork's time report said per contract-day (issue 16,
// reconciliation): each cycle reads those totals anyway to decide which days to fetch; this
// book turns them into the few changes worth persisting (storage/reported_days), handed to
// the store in one message per cycle. It holds one contract's days over the window the
// cycles read, as flat vectors, like the synced totals beside them. No CAF.
#pragma once

#include "domain/day_totals.hpp"
#include "domain/sync_windows.hpp"
#include "storage/records.hpp"
#include "storage/reported_days.hpp"

#include <caf/allowed_unsafe_message_type.hpp>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace upsync::sync {

/// What the organization hands the store after a time report: its changes, in order.
struct reported_day_changes {
  std::vector<storage::reported_days::change> changes;
};

class reported_days_book {
public:
  explicit reported_days_book(storage::db_id workspace_id = 0) : workspace_id_(workspace_id) {}
  void start(storage::db_id workspace_id) { workspace_id_ = workspace_id; }

  /// A time report over `window` for `contract_ids` (a contract it does not list reported
  /// nothing): the changes since the previous one. A contract seen for the first time
  /// resets the whole window (what is stored may be older than this process); later only
  /// days whose number changed, a vanished day as 0. Contracts no longer asked about are
  /// forgotten.
  reported_day_changes observe(const std::map<std::string, domain::day_totals>& totals,
                               const std::vector<std::string>& contract_ids, const domain::day_window& window);

  /// Forgets days before `first`: later reports no longer cover them.
  void drop_before(domain::day_number first);

  std::size_t contracts() const { return known_.size(); }

private:
  storage::db_id workspace_id_ = 0;
  std::unordered_map<std::string, domain::day_totals> known_; ///< as last persisted (handed over)
};

} // namespace upsync::sync

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(upsync::sync::reported_day_changes)
