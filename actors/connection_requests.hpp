// The Upwork requests of every connection this node serves (issue 19): one request_tally per
// connection, which its token provider and OAuth client count into; the STORE adds what
// they counted to PostgreSQL every second (storage/connection_request_days), and the
// metrics show this node's counts of today.
#pragma once

#include "domain/clock.hpp"
#include "protocol/upwork/request_tally.hpp"
#include "storage/connection_request_days.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

namespace upsync::sync {

/// Thread-safe; shared through the engine's settings.
class connection_requests {
public:
  explicit connection_requests(domain::wall_clock clock);

  /// The tally of one connection, made at its first use and kept while the process runs
  /// (a reconnected grant counts on into the same day).
  std::shared_ptr<upwork::request_tally> of(storage::db_id workspace_id, storage::db_id connection_id);

  using count = storage::connection_request_days::count;
  /// What every connection counted since the last take, by day; from now on the caller's.
  std::vector<count> take_unsaved();
  /// Counts the caller could not save: taken again next time.
  void restore(const std::vector<count>& counts);

  /// This node's requests of today by connection (day = today), every connection seen.
  std::vector<count> today();

private:
  using key = std::pair<storage::db_id, storage::db_id>; ///< workspace, connection
  domain::wall_clock clock_;
  std::mutex mutex_;
  std::map<key, std::shared_ptr<upwork::request_tally>> tallies_;
};

} // namespace upsync::sync
