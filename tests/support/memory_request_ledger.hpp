// The daily budget's ledger rule (storage/upwork_request_days) in memory, for tests of what
// spends the budget without PostgreSQL: the count outlives every daily_budget that uses it,
// as PostgreSQL's outlives a restart.
#pragma once

#include "domain/request_ledger.hpp"

#include <algorithm>
#include <map>
#include <mutex>
#include <stdexcept>

namespace upsync::testing {

struct memory_request_ledger : domain::request_ledger {
  std::map<std::int64_t, std::int64_t> days; ///< day -> reserved
  int reservations = 0;
  bool down = false; ///< reserve() throws, as when PostgreSQL is away
  std::mutex mutex;

  grant reserve(std::int64_t day, std::int64_t wanted, std::int64_t limit) override {
    std::lock_guard lock{mutex};
    if (down)
      throw std::runtime_error("PostgreSQL is away");
    ++reservations;
    auto& r = days[day];
    auto g = std::min(wanted, std::max<std::int64_t>(limit - r, 0));
    r += g;
    return {g, r};
  }
};

} // namespace upsync::testing
