#include "protocol/upwork/daily_budget.hpp"

#include "domain/calendar.hpp"

#include <algorithm>
#include <spdlog/spdlog.h>

namespace upsync::upwork {

using domain::day_of;

daily_budget::daily_budget(options opts, std::shared_ptr<request_ledger> ledger, std::function<std::int64_t()> unix_now)
    : opts_(opts), ledger_(std::move(ledger)), now_(std::move(unix_now)) {
  opts_.block = std::max<std::int64_t>(1, opts_.block);
}

void daily_budget::roll_over(std::int64_t day) {
  if (day == day_)
    return;
  day_ = day;
  reserved_ = 0; // learnt from the ledger at the first reservation
  unspent_ = 0;
  sent_ = 0;
  refused_ = 0;
  sent_by_purpose_ = {};
}

bool daily_budget::take(request_purpose purpose) {
  if (!limited())
    return true;
  std::lock_guard lock{mutex_};
  roll_over(day_of(now_()));
  const auto index = static_cast<std::size_t>(purpose);
  // What this purpose may reach: the day's limit less what the more urgent ones keep.
  const auto ceiling = opts_.limit - domain::kept_for_more_urgent(purpose, opts_.limit);
  auto refuse = [&] {
    ++refused_;
    return false;
  };
  if (reserved_ - unspent_ + 1 > ceiling)
    return refuse();
  if (unspent_ == 0) {
    try {
      auto g = ledger_->reserve(day_, std::min(opts_.block, ceiling - reserved_), ceiling);
      reserved_ = g.reserved;
      unspent_ = g.granted;
    } catch (const std::exception& e) {
      if (purpose != request_purpose::token) {
        spdlog::warn("upwork_daily_budget_unavailable purpose={} error=\"{}\"", domain::to_string(purpose), e.what());
        return refuse();
      }
      ++sent_;
      ++sent_by_purpose_[index];
      return true; // counted here, not in the ledger: a refresh must not wait for PostgreSQL
    }
    if (unspent_ == 0)
      return refuse();
  }
  --unspent_;
  ++sent_;
  ++sent_by_purpose_[index];
  return true;
}

daily_budget::state daily_budget::today() {
  std::lock_guard lock{mutex_};
  auto now = now_();
  roll_over(day_of(now));
  state s;
  s.day = day_;
  s.limit = opts_.limit;
  s.used = std::max<std::int64_t>(0, reserved_ - unspent_);
  s.remaining = opts_.limit > 0 ? std::max<std::int64_t>(0, opts_.limit - s.used) : 0;
  s.sent = sent_;
  s.refused = refused_;
  s.sent_by_purpose = sent_by_purpose_;
  auto elapsed = now - domain::start_of_day(day_);
  s.projected = elapsed > 0 ? static_cast<double>(s.used) * 86400.0 / static_cast<double>(elapsed) : 0;
  return s;
}

} // namespace upsync::upwork
