// How many Upwork requests one connection (one OAuth grant) sent, by UTC day (issue 19):
// the operators' "requests today" per connection. Counted where a request leaves, handed
// to whoever saves the counts (the engine's STORE) and kept for the next try when saving
// failed.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <vector>

namespace upsync::upwork {

/// Thread-safe: every fetcher sending for the grant counts into the same tally.
class request_tally {
public:
  /// `unix_now`: the wall clock, Unix seconds (the day a request counts for, UTC).
  explicit request_tally(std::function<std::int64_t()> unix_now);

  /// One request sent now.
  void count();

  struct day_count {
    std::int64_t day = 0; ///< days since 1970-01-01, UTC
    std::int64_t requests = 0;
  };
  /// What this tally counted today (this process only, saved or not).
  std::int64_t today();
  /// The counts not handed out yet, by day (two days at most, around midnight); from now
  /// on they are the caller's.
  std::vector<day_count> take_unsaved();
  /// Counts a caller could not save: handed out again by the next take_unsaved().
  void restore(const std::vector<day_count>& counts);

private:
  std::function<std::int64_t()> now_;
  std::mutex mutex_;
  std::int64_t day_ = -1;
  std::int64_t today_ = 0;
  std::map<std::int64_t, std::int64_t> unsaved_; ///< day -> requests
};

} // namespace upsync::upwork
