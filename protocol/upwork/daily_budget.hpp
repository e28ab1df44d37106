// Upwork's daily request budget (issue 19): its older published limit of 40,000 requests
// per day per API key can disable a key that exceeds it, and one deployment serves every
// organization through one key. Requests are reserved from a ledger shared by every node
// and kept across restarts (PostgreSQL in upsyncd), in small blocks, before they are sent.
#pragma once

#include "domain/request_budget_rules.hpp"
#include "domain/request_ledger.hpp"

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>

namespace upsync::upwork {

using domain::request_purpose;

using domain::request_ledger;

/// The day's budget as one node spends it. Thread-safe.
class daily_budget {
public:
  struct options {
    std::int64_t limit = 40000; ///< requests per UTC day; 0 = no daily budget
    std::int64_t block = 10;    ///< reserved at a time (what a crash may waste)
  };
  daily_budget(options opts, std::shared_ptr<request_ledger> ledger, std::function<std::int64_t()> unix_now);

  /// Takes one of today's requests for `purpose`: false when what is left of the day is
  /// kept for more urgent purposes (domain::kept_for_more_urgent) or spent. A token
  /// refresh is let through when the ledger cannot be reached (a lost grant needs a
  /// person); anything else is refused then.
  bool take(request_purpose purpose);

  /// What the operators see of today.
  struct state {
    std::int64_t day = 0;
    std::int64_t limit = 0;     ///< 0: no daily budget
    std::int64_t used = 0;      ///< reserved by every node, less this node's unspent block
    std::int64_t remaining = 0; ///< limit - used
    std::int64_t sent = 0;      ///< by this node today
    std::int64_t refused = 0;   ///< by this node today, every purpose
    double projected = 0;       ///< `used` at today's pace until midnight
    std::array<std::int64_t, 4> sent_by_purpose{};
  };
  state today();
  bool limited() const { return opts_.limit > 0; }

private:
  void roll_over(std::int64_t day); ///< under the lock

  options opts_;
  std::shared_ptr<request_ledger> ledger_;
  std::function<std::int64_t()> now_;
  std::mutex mutex_;
  std::int64_t day_ = -1;
  std::int64_t reserved_ = 0; ///< the day's total as the ledger last said
  std::int64_t unspent_ = 0;  ///< of this node's last block
  std::int64_t sent_ = 0;
  std::int64_t refused_ = 0;
  std::array<std::int64_t, 4> sent_by_purpose_{};
};

} // namespace upsync::upwork
