// Where a day's count of Upwork requests is kept (issue 19): a narrow storage interface,
// which storage/upwork_request_days implements over PostgreSQL, so that the count is shared
// by every node of a deployment and survives a restart.
#pragma once

#include <cstdint>

namespace upsync::domain {

class request_ledger {
public:
  virtual ~request_ledger() = default;
  struct grant {
    std::int64_t granted = 0;  ///< of the requests asked
    std::int64_t reserved = 0; ///< the day's total after it, by every node
  };
  /// Reserves up to `wanted` requests of `day` (days since 1970-01-01 UTC), the day's total
  /// never above `limit`. May block; throws when the ledger cannot be reached.
  virtual grant reserve(std::int64_t day, std::int64_t wanted, std::int64_t limit) = 0;
};

} // namespace upsync::domain
