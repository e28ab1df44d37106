// Calendar arithmetic (Howard Hinnant's public-domain civil-date algorithms).
#include "sim/civil_time.hpp"

#include <cstdio>

namespace upsync::sim {

std::int64_t days_from_civil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

civil_date civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int>(y + (m <= 2)), m, d};
}

int weekday(std::int64_t days) {
  // 1970-01-01 was a Thursday (3 when Monday is 0).
  return static_cast<int>(((days % 7) + 7 + 3) % 7);
}

namespace {

bool digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9')
      return false;
  return !s.empty();
}

int to_int(std::string_view s) {
  int v = 0;
  for (char c : s)
    v = v * 10 + (c - '0');
  return v;
}

std::optional<std::int64_t> make_day(int y, int m, int d) {
  static constexpr int month_days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1 || d > month_days[m - 1])
    return std::nullopt;
  auto days = days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
  auto back = civil_from_days(days);
  if (back.day != static_cast<unsigned>(d)) // 29 February of a common year
    return std::nullopt;
  return days;
}

} // namespace

std::optional<std::int64_t> parse_compact_day(std::string_view t) {
  if (t.size() != 8 || !digits(t))
    return std::nullopt;
  return make_day(to_int(t.substr(0, 4)), to_int(t.substr(4, 2)), to_int(t.substr(6, 2)));
}

std::optional<std::int64_t> parse_day(std::string_view t) {
  if (t.size() == 10 && t[4] == '-' && t[7] == '-' && digits(t.substr(0, 4)) && digits(t.substr(5, 2))
      && digits(t.substr(8, 2)))
    return make_day(to_int(t.substr(0, 4)), to_int(t.substr(5, 2)), to_int(t.substr(8, 2)));
  return parse_compact_day(t);
}

std::string format_iso_day(std::int64_t days) {
  auto c = civil_from_days(days);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", c.year, c.month, c.day);
  return buf;
}

std::string format_compact_day(std::int64_t days) {
  auto c = civil_from_days(days);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02u%02u", c.year, c.month, c.day);
  return buf;
}

std::string format_iso_instant(std::int64_t ms) {
  auto day = floor_div(ms, ms_per_day);
  auto rest = ms - day * ms_per_day;
  auto c = civil_from_days(day);
  if (c.year < 0 || c.year > 9999) { // outside what four digits hold: the general path
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", c.year, c.month, c.day,
                  static_cast<int>(rest / 3'600'000), static_cast<int>(rest / 60'000 % 60),
                  static_cast<int>(rest / 1000 % 60), static_cast<int>(rest % 1000));
    return buf;
  }
  // Written digit by digit: every served cell carries one or two of these, and snprintf
  // was a tenth of the simulator's time.
  std::string out = "0000-00-00T00:00:00.000Z";
  auto put = [&out](std::size_t at, int width, long long v) {
    for (int i = width - 1; i >= 0; --i, v /= 10)
      out[at + static_cast<std::size_t>(i)] = static_cast<char>('0' + v % 10);
  };
  put(0, 4, c.year);
  put(5, 2, c.month);
  put(8, 2, c.day);
  put(11, 2, rest / 3'600'000);
  put(14, 2, rest / 60'000 % 60);
  put(17, 2, rest / 1000 % 60);
  put(20, 3, rest % 1000);
  return out;
}

std::optional<std::int64_t> parse_iso_instant(std::string_view t) {
  auto day = parse_day(t.substr(0, 10));
  if (!day)
    return std::nullopt;
  if (t.size() == 10)
    return *day * ms_per_day;
  if (t.size() < 16 || (t[10] != 'T' && t[10] != ' ') || t[13] != ':' || !digits(t.substr(11, 2))
      || !digits(t.substr(14, 2)))
    return std::nullopt;
  std::int64_t ms = to_int(t.substr(11, 2)) * 3'600'000LL + to_int(t.substr(14, 2)) * 60'000LL;
  std::size_t i = 16;
  if (i < t.size() && t[i] == ':') {
    if (t.size() < i + 3 || !digits(t.substr(i + 1, 2)))
      return std::nullopt;
    ms += to_int(t.substr(i + 1, 2)) * 1000LL;
    i += 3;
    if (i < t.size() && t[i] == '.') {
      std::size_t j = i + 1;
      int frac = 0, n = 0;
      while (j < t.size() && t[j] >= '0' && t[j] <= '9') {
        if (n < 3) {
          frac = frac * 10 + (t[j] - '0');
          ++n;
        }
        ++j;
      }
      while (n++ < 3)
        frac *= 10;
      ms += frac;
      i = j;
    }
  }
  if (i < t.size() && t[i] == 'Z')
    ++i;
  if (i != t.size())
    return std::nullopt;
  return *day * ms_per_day + ms;
}

} // namespace upsync::sim
