#include "protocol/upwork/request_tally.hpp"

#include "domain/calendar.hpp"

namespace upsync::upwork {

request_tally::request_tally(std::function<std::int64_t()> unix_now) : now_(std::move(unix_now)) {}

void request_tally::count() {
  const auto day = domain::day_of(now_());
  std::lock_guard lock{mutex_};
  if (day != day_) {
    day_ = day;
    today_ = 0;
  }
  ++today_;
  ++unsaved_[day];
}

std::int64_t request_tally::today() {
  const auto day = domain::day_of(now_());
  std::lock_guard lock{mutex_};
  return day == day_ ? today_ : 0;
}

std::vector<request_tally::day_count> request_tally::take_unsaved() {
  std::lock_guard lock{mutex_};
  std::vector<day_count> out;
  out.reserve(unsaved_.size());
  for (const auto& [day, n] : unsaved_)
    out.push_back({day, n});
  unsaved_.clear();
  return out;
}

void request_tally::restore(const std::vector<day_count>& counts) {
  std::lock_guard lock{mutex_};
  for (const auto& c : counts)
    unsaved_[c.day] += c.requests;
}

} // namespace upsync::upwork
