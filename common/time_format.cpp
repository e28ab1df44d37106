#include "common/time_format.hpp"

#include <cstdio>

namespace upsync::time_format {

// Howard Hinnant's civil calendar algorithms (public domain descriptions).
std::int64_t days_from_civil(int year, unsigned month, unsigned day) {
  std::int64_t y = static_cast<std::int64_t>(year) - (month <= 2 ? 1 : 0);
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
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
  return {static_cast<int>(y + (m <= 2 ? 1 : 0)), m, d};
}

namespace {

bool digits(std::string_view text, std::size_t pos, std::size_t count, int& out) {
  if (pos + count > text.size())
    return false;
  out = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    char c = text[i];
    if (c < '0' || c > '9')
      return false;
    out = out * 10 + (c - '0');
  }
  return true;
}

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

unsigned days_in_month(int year, unsigned month) {
  static const unsigned table[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : table[month - 1];
}

// Parses YYYY-MM-DD at the start of text.
std::optional<std::int64_t> parse_date_prefix(std::string_view text) {
  int y, m, d;
  if (text.size() < 10 || !digits(text, 0, 4, y) || text[4] != '-' || !digits(text, 5, 2, m) || text[7] != '-'
      || !digits(text, 8, 2, d))
    return std::nullopt;
  if (m < 1 || m > 12 || d < 1 || static_cast<unsigned>(d) > days_in_month(y, m))
    return std::nullopt;
  return days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

} // namespace

std::optional<std::int64_t> parse_rfc3339(std::string_view text) {
  auto days = parse_date_prefix(text);
  if (!days || text.size() < 20)
    return std::nullopt;
  char sep = text[10];
  if (sep != 'T' && sep != 't' && sep != ' ')
    return std::nullopt;
  int hh, mm, ss;
  if (!digits(text, 11, 2, hh) || text[13] != ':' || !digits(text, 14, 2, mm) || text[16] != ':'
      || !digits(text, 17, 2, ss))
    return std::nullopt;
  if (hh > 23 || mm > 59 || ss > 59) // leap seconds are not representable in Unix time
    return std::nullopt;
  std::size_t pos = 19;
  if (pos < text.size() && text[pos] == '.') {
    std::size_t start = ++pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9')
      ++pos;
    if (pos == start || pos - start > 9)
      return std::nullopt;
  }
  std::int64_t offset = 0;
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    int oh, om;
    if (!digits(text, pos + 1, 2, oh) || pos + 3 >= text.size() || text[pos + 3] != ':' || !digits(text, pos + 4, 2, om)
        || oh > 23 || om > 59)
      return std::nullopt;
    offset = (oh * 3600 + om * 60) * (text[pos] == '+' ? 1 : -1);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != text.size())
    return std::nullopt;
  return *days * 86400 + hh * 3600 + mm * 60 + ss - offset;
}

std::string format_rfc3339_millis(std::int64_t unix_ms) {
  auto seconds = unix_ms >= 0 ? unix_ms / 1000 : -((-unix_ms + 999) / 1000);
  auto ms = static_cast<int>(unix_ms - seconds * 1000);
  auto out = format_rfc3339(seconds);
  char frac[5];
  std::snprintf(frac, sizeof frac, ".%03d", ms);
  out.insert(out.size() - 1, frac);
  return out;
}

std::string format_rfc3339(std::int64_t unix_seconds) {
  std::int64_t days = unix_seconds >= 0 ? unix_seconds / 86400 : -((-unix_seconds + 86399) / 86400);
  std::int64_t rest = unix_seconds - days * 86400;
  civil_date date = civil_from_days(days);
  if (date.year < 0 || date.year > 9999) { // outside RFC 3339's four digits: printf says it
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", date.year, date.month, date.day,
                  static_cast<int>(rest / 3600), static_cast<int>(rest / 60 % 60), static_cast<int>(rest % 60));
    return buf;
  }
  // Digits by hand: API pages format two times per interval, and snprintf took about 5%
  // of upsyncd's CPU serving the interval list.
  std::string out = "0000-00-00T00:00:00Z";
  auto put = [&out](std::size_t at, unsigned value, int digits) {
    for (int k = digits - 1; k >= 0; --k, value /= 10)
      out[at + static_cast<std::size_t>(k)] = static_cast<char>('0' + value % 10);
  };
  put(0, static_cast<unsigned>(date.year), 4);
  put(5, date.month, 2);
  put(8, date.day, 2);
  put(11, static_cast<unsigned>(rest / 3600), 2);
  put(14, static_cast<unsigned>(rest / 60 % 60), 2);
  put(17, static_cast<unsigned>(rest % 60), 2);
  return out;
}

std::optional<std::int64_t> parse_date(std::string_view text) {
  if (text.size() != 10)
    return std::nullopt;
  return parse_date_prefix(text);
}

std::string format_date(std::int64_t days) {
  civil_date date = civil_from_days(days);
  char buf[24];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", date.year, date.month, date.day);
  return buf;
}

} // namespace upsync::time_format
