// What the sync engine's actors say about themselves, as plain data: produced by the
// metrics actor (actors/), read by /metrics and /api/v1/admin/actors (http/) without
// either knowing the other.
#pragma once

#include "metrics/registry.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace upsync::metrics {

/// The actors of one kind ("organization", "contract", "fetcher", "writer", ...).
struct kind_summary {
  std::string kind;
  std::uint64_t alive = 0;
  std::uint64_t messages_handled = 0; ///< since start, including actors that exited
  std::uint64_t mailbox = 0;          ///< messages waiting now, summed over the kind
  std::uint64_t mailbox_max = 0;      ///< the largest mailbox one actor of the kind had
  std::uint64_t failures = 0;         ///< exits with an error
  std::uint64_t restarts = 0;         ///< restarts by the supervisor
};

/// One live actor as it last reported.
struct actor_summary {
  std::string kind;
  std::uint64_t id = 0;          ///< CAF actor id (unique within the process)
  std::int64_t workspace_id = 0; ///< 0 for engine-wide actors (pools, supervisor)
  std::string organization_id;
  std::string contract_id;
  std::string state;
  std::uint64_t messages_handled = 0;
  std::uint64_t messages_recent = 0; ///< handled during the last report interval
  std::uint64_t mailbox = 0;
  std::uint64_t mailbox_max = 0;
};

/// An organization's sync freshness. Lag = now - last successful cycle (or - started_at
/// while it never completed one).
struct organization_lag {
  std::int64_t workspace_id = 0;
  std::string organization_id;
  std::string state;
  double last_success = 0; ///< Unix seconds; 0 = none yet
  double started_at = 0;   ///< Unix seconds
  double lag_seconds(double now) const { return now - (last_success > 0 ? last_success : started_at); }
};

/// Busiest first: the fullest mailbox, then the most messages in the last interval, then
/// the most messages since start.
inline bool busier(const actor_summary& a, const actor_summary& b) {
  if (a.mailbox != b.mailbox)
    return a.mailbox > b.mailbox;
  if (a.messages_recent != b.messages_recent)
    return a.messages_recent > b.messages_recent;
  return a.messages_handled > b.messages_handled;
}

/// How the engine spends Upwork's requests today (issue 19): the daily budget, the rate in
/// force and the cycle interval every organization runs at.
struct request_budget_view {
  bool daily_limited = false; ///< a daily budget is set (UPSYNC_UPWORK_DAILY_REQUESTS > 0)
  std::int64_t daily_limit = 0;
  std::int64_t used_today = 0; ///< reserved by every node, less this node's unspent block
  std::int64_t remaining_today = 0;
  double projected_today = 0;     ///< used_today at today's pace until 00:00 UTC
  std::int64_t sent_today = 0;    ///< by this node
  std::int64_t refused_today = 0; ///< not sent: the budget was spent for their purpose
  double rate_per_second = 0;     ///< the rate in force (AIMD)
  double configured_cycle_seconds = 0;
  double effective_cycle_seconds = 0; ///< stretched by the pacer when the budget is short
  std::int64_t organizations = 0;     ///< cycling, sharing the budget
  double requests_per_cycle = 0;      ///< measured
};

struct actor_overview {
  /// How many of the busiest actors the overview keeps per workspace (and of the engine-wide
  /// ones): the most /api/v1/admin/actors shows. Keeping them all would copy every one of
  /// 100,000 contract actors into each overview.
  static constexpr std::size_t busiest_kept = 100;

  double taken_at = 0; ///< Unix seconds
  std::vector<kind_summary> kinds;
  /// The `busiest_kept` busiest actors of each workspace and of the engine-wide ones
  /// (workspace 0), in no particular order.
  std::vector<actor_summary> actors;
  std::vector<organization_lag> organizations;
  /// Contracts by import state (pending, running, done, failed) and import days.
  std::map<std::string, std::uint64_t> imports;
  std::uint64_t import_days_done = 0;
  std::uint64_t import_days_total = 0;
  /// Filled by the engine when it is asked (not by the actors' reports).
  std::optional<request_budget_view> requests;
};

/// The overview as metric families (actors alive, messages, mailboxes, failures by kind;
/// lag by organization at `now`; import progress). Restarts come from the registry.
std::vector<family_snapshot> overview_families(const actor_overview& o, double now);

} // namespace upsync::metrics
