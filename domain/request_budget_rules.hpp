// How upsync spends Upwork's daily request budget (issue 19): which work may take the last
// requests of a day, and how far every organization's cycle stretches when the budget
// cannot cover them all at the configured interval.
#pragma once

#include <cstdint>

namespace upsync::domain {

/// What an Upwork request is for, most urgent first. When a day's budget runs low, the
/// later purposes are refused first: a token refresh keeps a connection alive (a lost one
/// needs a person), a re-read of a changed day keeps recent hours right, an import fills
/// history, a refresh from Upwork only finds new contracts sooner.
enum class request_purpose : std::uint8_t { token, reread, import, refresh };

/// "token", "reread", "import", "refresh".
const char* to_string(request_purpose p);

/// Requests of a day's `limit` that `p` must leave to the purposes more urgent than it:
/// none for a token refresh, 1 % for a re-read, 5 % for an import, 10 % for a refresh.
std::int64_t kept_for_more_urgent(request_purpose p, std::int64_t limit);

/// Whether requests for `p` go ahead of the others queued for Upwork at the same time: a
/// token refresh and a re-read of a changed day do (a large import in progress must not
/// hold back this week's hours); imports and refreshes wait their turn.
bool goes_first(request_purpose p);

/// What the pacing rule needs to know now.
struct budget_outlook {
  std::int64_t remaining = 0;          ///< requests left of today's budget
  std::int64_t seconds_left_today = 0; ///< until 00:00 UTC
  std::int64_t organizations = 0;      ///< organizations that cycle
  double requests_per_cycle = 1;       ///< what one organization cycle costs, measured
};

/// The time between two cycles of each organization: the configured interval while the
/// budget covers every organization's cycles until midnight; otherwise the interval at
/// which what is left lasts exactly until midnight, the same for every organization, so
/// that all of them stretch alike and none starves. With nothing left: until midnight.
std::int64_t paced_cycle_seconds(std::int64_t configured_seconds, const budget_outlook& outlook);

} // namespace upsync::domain
