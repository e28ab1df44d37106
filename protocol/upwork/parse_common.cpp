// Shared readers: people, days, instants, money, page info.
#include "protocol/upwork/parse_common.hpp"

namespace upsync::upwork::detail {

using simdjson::dom::element;
using simdjson::dom::element_type;
using scope = json_in::reader::scope;

person read_person(json_in::reader& r, element e) {
  auto o = r.object(e);
  person p;
  p.id = r.required(o, "id", &json_in::reader::id);
  p.rid = r.optional_lenient(o, "rid", &json_in::reader::id).value_or(std::string{});
  p.name = r.optional_string(o, "name");
  p.email = r.optional_string(o, "email");
  return p;
}

namespace {

// The UTC day of an instant in epoch milliseconds (floored: before 1970 too).
date day_of_epoch_ms(std::int64_t ms) {
  return date::from_days_since_epoch(ms / 86400000 - (ms % 86400000 < 0 ? 1 : 0));
}

} // namespace

date read_day(json_in::reader& r, element e) {
  if (e.type() == element_type::STRING) {
    std::string_view s = e.get_string().value_unsafe();
    if (auto d = parse_date(s))
      return *d;
    if (auto t = parse_instant(s))
      return day_of_epoch_ms(t->time_since_epoch().count());
    r.fail("expected date (YYYY-MM-DD or YYYYMMDD), got \"" + std::string{s.substr(0, 40)} + "\"");
  }
  if (e.type() == element_type::INT64 || e.type() == element_type::UINT64) {
    std::int64_t v = r.integer(e);
    // 20260815 reads as a compact date; anything larger as epoch milliseconds.
    if (v >= 10000101 && v <= 99991231)
      if (auto d = parse_date(std::to_string(v)))
        return *d;
    if (auto t = instant_from_epoch_ms(v))
      return day_of_epoch_ms(t->time_since_epoch().count());
    r.fail("integer is neither a date nor epoch milliseconds");
  }
  r.fail(std::string{"expected date string, got "} + json_in::type_name(e.type()));
}

utc_time read_instant(json_in::reader& r, element e) {
  if (e.type() == element_type::STRING) {
    std::string_view s = e.get_string().value_unsafe();
    if (auto t = parse_instant(s))
      return *t;
    if (auto d = parse_date(s))
      return d->midnight();
    r.fail("expected epoch milliseconds or ISO-8601 time, got \"" + std::string{s.substr(0, 40)} + "\"");
  }
  if (e.type() == element_type::INT64 || e.type() == element_type::UINT64) {
    if (auto t = instant_from_epoch_ms(r.integer(e)))
      return *t;
    r.fail("epoch milliseconds out of range");
  }
  r.fail(std::string{"expected time string, got "} + json_in::type_name(e.type()));
}

money read_money(json_in::reader& r, element e) {
  auto o = r.object(e);
  money m;
  m.amount = r.required(o, "rawValue", &json_in::reader::number);
  m.currency = r.optional_string(o, "currency");
  m.display_value = r.optional_string(o, "displayValue");
  return m;
}

void read_page_info_into(json_in::reader& r, simdjson::dom::object connection, std::string& end_cursor,
                         bool& has_next_page) {
  auto info_el = r.require(connection, "pageInfo");
  scope s{r, "pageInfo"};
  auto info = r.object(info_el);
  end_cursor.clear();
  if (auto c = json_in::reader::get(info, "endCursor")) {
    scope cs{r, "endCursor"};
    // Cursors are opaque strings; some servers send numbers. Long ones are not cursors.
    end_cursor = c->type() == element_type::STRING ? r.string(*c) : std::to_string(r.integer(*c));
    if (end_cursor.size() > 4096)
      r.fail("cursor longer than 4096 bytes");
  }
  has_next_page = r.required(info, "hasNextPage", &json_in::reader::boolean);
  if (has_next_page && end_cursor.empty())
    r.fail_at("endCursor", "missing while hasNextPage is true");
}

} // namespace upsync::upwork::detail
