// libFuzzer target: the scalar readers (decimal, dates, instants, Retry-After, URLs) and
// their round trips.
#include "fuzz/parser_fuzz.hpp"
#include "protocol/upwork/backoff.hpp"
#include "protocol/upwork/civil_time.hpp"
#include "protocol/upwork/decimal.hpp"
#include "protocol/upwork/url.hpp"

#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace upsync::upwork;
  std::string_view s{reinterpret_cast<const char*>(data), size};
  if (auto d = decimal::parse(s)) {
    auto again = decimal::parse(d->to_string());
    fuzz::check(again && *again == *d);
    (void)d->to_minor_units(2);
  }
  if (auto day = parse_date(s)) {
    fuzz::check(parse_date(day->compact()) == day);
    fuzz::check(date::from_days_since_epoch(day->days_since_epoch()) == *day);
  }
  if (auto t = parse_instant(s))
    fuzz::check(parse_instant(format_instant(*t)) == t);
  if (auto ra = parse_retry_after(s, std::chrono::system_clock::time_point{}))
    fuzz::check(ra->count() >= 0);
  if (auto u = parse_url(s)) {
    fuzz::check(!u->host.empty() && !u->target.empty() && u->target[0] == '/');
    fuzz::check(parse_url((u->https ? "https://" : "http://") + u->host_header() + u->target).has_value());
  }
  (void)form_escape(s);
  return 0;
}
