// Backoff delays and Retry-After parsing.
#include "protocol/upwork/backoff.hpp"

#include "protocol/upwork/civil_time.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace upsync::upwork {

using std::chrono::milliseconds;

backoff::backoff(retry_policy policy, std::function<double()> uniform01)
    : policy_(policy), uniform01_(std::move(uniform01)) {
  if (policy_.max_attempts < 1)
    policy_.max_attempts = 1;
}

double backoff::draw() {
  if (uniform01_) {
    double v = uniform01_();
    return v < 0 ? 0 : (v >= 1 ? 0.999999 : v);
  }
  std::lock_guard lock{mutex_};
  // Seeding reads the OS's entropy source, which costs more than the request itself; the
  // engine makes a client per request, so it seeds only when a retry needs a delay.
  if (!rng_)
    rng_.emplace(std::random_device{}());
  return std::uniform_real_distribution<double>{0.0, 1.0}(*rng_);
}

milliseconds backoff::ceiling(int retry) const {
  const auto base = std::max<std::int64_t>(0, policy_.base_delay.count());
  const auto cap = std::max<std::int64_t>(0, policy_.max_delay.count());
  std::int64_t v = base;
  for (int i = 0; i < retry && v < cap; ++i)
    v *= 2;
  return milliseconds{std::min(v, cap)};
}

milliseconds backoff::delay(int retry, std::optional<milliseconds> retry_after) {
  if (retry_after) {
    const auto ra = std::max<std::int64_t>(0, retry_after->count());
    return milliseconds{ra + static_cast<std::int64_t>(draw() * static_cast<double>(ra) * 0.1)};
  }
  const auto top = ceiling(retry).count();
  return milliseconds{static_cast<std::int64_t>(draw() * static_cast<double>(top + 1))};
}

std::optional<milliseconds> parse_retry_after(std::string_view v, std::chrono::system_clock::time_point now_utc) {
  while (!v.empty() && std::isspace(static_cast<unsigned char>(v.front())))
    v.remove_prefix(1);
  while (!v.empty() && std::isspace(static_cast<unsigned char>(v.back())))
    v.remove_suffix(1);
  if (v.empty())
    return std::nullopt;
  if (std::isdigit(static_cast<unsigned char>(v.front()))) {
    // delta-seconds; a fraction is not standard but some servers send one.
    std::int64_t whole = 0;
    std::size_t i = 0;
    for (; i < v.size() && std::isdigit(static_cast<unsigned char>(v[i])); ++i) {
      if (whole > 100000000)
        return std::nullopt;
      whole = whole * 10 + (v[i] - '0');
    }
    std::int64_t frac_ms = 0;
    if (i < v.size() && v[i] == '.') {
      ++i;
      int scale = 100;
      std::size_t start = i;
      for (; i < v.size() && std::isdigit(static_cast<unsigned char>(v[i])); ++i) {
        frac_ms += (v[i] - '0') * scale;
        scale /= 10;
      }
      if (i == start)
        return std::nullopt;
    }
    if (i != v.size())
      return std::nullopt;
    return milliseconds{whole * 1000 + frac_ms};
  }
  // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"
  static const char* const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  if (v.size() != 29 || v[3] != ',' || v.substr(26) != "GMT")
    return std::nullopt;
  auto num = [&](std::size_t pos, std::size_t n) -> int {
    int r = 0;
    for (std::size_t k = 0; k < n; ++k) {
      char c = v[pos + k];
      if (c < '0' || c > '9')
        return -1;
      r = r * 10 + (c - '0');
    }
    return r;
  };
  int day = num(5, 2), year = num(12, 4), h = num(17, 2), mi = num(20, 2), s = num(23, 2);
  int month = 0;
  for (int m = 0; m < 12; ++m)
    if (v.substr(8, 3) == months[m])
      month = m + 1;
  if (day < 0 || year < 0 || h < 0 || mi < 0 || s < 0 || month == 0 || v[4] != ' ' || v[7] != ' ' || v[11] != ' '
      || v[16] != ' ' || v[19] != ':' || v[22] != ':')
    return std::nullopt;
  char iso[32];
  std::snprintf(iso, sizeof iso, "%04d-%02d-%02dT%02d:%02d:%02dZ", year, month, day, h, mi, s);
  auto at = parse_instant(iso);
  if (!at)
    return std::nullopt;
  const auto now_ms = std::chrono::duration_cast<milliseconds>(now_utc.time_since_epoch());
  const auto diff = at->time_since_epoch() - now_ms;
  return diff.count() > 0 ? diff : milliseconds{0};
}

} // namespace upsync::upwork
