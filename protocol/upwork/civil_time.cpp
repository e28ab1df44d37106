// Upwork's date forms (yyyymmdd, YYYY-MM-DD) and strict timestamp parsing, into domain/civil_date.
#include "protocol/upwork/civil_time.hpp"

#include <cstdio>

namespace upsync::upwork {
namespace {

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

bool valid(int y, int m, int d) {
  return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

/// Reads exactly `n` ASCII digits at `pos`, advancing it.
bool digits(std::string_view s, std::size_t& pos, std::size_t n, int& out) {
  if (pos + n > s.size())
    return false;
  int v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9')
      return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  pos += n;
  return true;
}

bool expect(std::string_view s, std::size_t& pos, char c) {
  if (pos < s.size() && s[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

constexpr std::int64_t min_ms = -62135596800000LL; // 0001-01-01T00:00:00Z
constexpr std::int64_t max_ms = 253402300799999LL; // 9999-12-31T23:59:59.999Z

} // namespace

std::optional<date> parse_date(std::string_view s) {
  std::size_t pos = 0;
  int y = 0, m = 0, d = 0;
  if (s.size() == 8) {
    if (!digits(s, pos, 4, y) || !digits(s, pos, 2, m) || !digits(s, pos, 2, d))
      return std::nullopt;
  } else if (s.size() == 10) {
    if (!digits(s, pos, 4, y) || !expect(s, pos, '-') || !digits(s, pos, 2, m) || !expect(s, pos, '-')
        || !digits(s, pos, 2, d))
      return std::nullopt;
  } else {
    return std::nullopt;
  }
  if (!valid(y, m, d))
    return std::nullopt;
  return date{y, m, d};
}

std::optional<utc_time> instant_from_epoch_ms(std::int64_t ms) {
  if (ms < min_ms || ms > max_ms)
    return std::nullopt;
  return utc_time{std::chrono::milliseconds{ms}};
}

std::optional<utc_time> parse_instant(std::string_view s) {
  if (s.empty())
    return std::nullopt;
  // Epoch milliseconds: all digits, 13 of them today. Fewer than 10 digits would be a date in
  // January 1970, more likely a compact date sent in the wrong place: refused.
  bool all_digits = s.size() >= 10 && s.size() <= 15;
  for (char c : s)
    all_digits = all_digits && c >= '0' && c <= '9';
  if (all_digits) {
    std::int64_t v = 0;
    for (char c : s)
      v = v * 10 + (c - '0');
    return instant_from_epoch_ms(v);
  }
  std::size_t pos = 0;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (!digits(s, pos, 4, y) || !expect(s, pos, '-') || !digits(s, pos, 2, mo) || !expect(s, pos, '-')
      || !digits(s, pos, 2, d))
    return std::nullopt;
  if (!(expect(s, pos, 'T') || expect(s, pos, 't') || expect(s, pos, ' ')))
    return std::nullopt;
  if (!digits(s, pos, 2, h) || !expect(s, pos, ':') || !digits(s, pos, 2, mi))
    return std::nullopt;
  std::int64_t millis = 0;
  if (expect(s, pos, ':')) {
    if (!digits(s, pos, 2, sec))
      return std::nullopt;
    if (expect(s, pos, '.') || expect(s, pos, ',')) {
      std::size_t start = pos;
      int scale = 100;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
        millis += (s[pos] - '0') * scale;
        scale /= 10; // digits past milliseconds are truncated
        ++pos;
      }
      if (pos == start || pos - start > 9)
        return std::nullopt;
    }
  }
  if (!valid(y, mo, d) || h > 23 || mi > 59 || sec > 60)
    return std::nullopt;
  if (sec == 60)
    sec = 59; // a leap second is reported as the last second of its minute
  int offset_minutes = 0;
  if (pos < s.size()) {
    char c = s[pos];
    if (c == 'Z' || c == 'z') {
      ++pos;
    } else if (c == '+' || c == '-') {
      ++pos;
      int oh = 0, om = 0;
      if (!digits(s, pos, 2, oh))
        return std::nullopt;
      if (expect(s, pos, ':')) {
        if (!digits(s, pos, 2, om))
          return std::nullopt;
      } else if (pos < s.size()) {
        if (!digits(s, pos, 2, om))
          return std::nullopt;
      }
      if (oh > 23 || om > 59)
        return std::nullopt;
      offset_minutes = (oh * 60 + om) * (c == '-' ? -1 : 1);
    } else {
      return std::nullopt;
    }
  }
  if (pos != s.size())
    return std::nullopt;
  std::int64_t ms = date{y, mo, d}.days_since_epoch() * 86400000LL
                    + (static_cast<std::int64_t>(h) * 3600 + mi * 60 + sec) * 1000 + millis
                    - static_cast<std::int64_t>(offset_minutes) * 60000;
  return instant_from_epoch_ms(ms);
}

std::string format_instant(utc_time t) {
  std::int64_t ms = t.time_since_epoch().count();
  std::int64_t days = ms >= 0 ? ms / 86400000 : -((-ms + 86399999) / 86400000);
  std::int64_t rest = ms - days * 86400000;
  date d = date::from_days_since_epoch(days);
  int h = static_cast<int>(rest / 3600000);
  int mi = static_cast<int>(rest / 60000 % 60);
  int s = static_cast<int>(rest / 1000 % 60);
  int milli = static_cast<int>(rest % 1000);
  char buf[40];
  if (milli)
    std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02d.%03dZ", d.iso().c_str(), h, mi, s, milli);
  else
    std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02dZ", d.iso().c_str(), h, mi, s);
  return buf;
}

} // namespace upsync::upwork
