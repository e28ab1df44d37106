// Parsers for workDays, workDiaryContract and contractTimeReport.
#include "protocol/upwork/graphql_response.hpp"
#include "protocol/upwork/parse_common.hpp"
#include "protocol/upwork/parsers.hpp"
#include "protocol/upwork/queries.hpp"

#include <algorithm>

namespace upsync::upwork {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;
using scope = json_in::reader::scope;

work_diary_cell read_cell(json_in::reader& r, element e) {
  auto o = r.object(e);
  work_diary_cell c;
  {
    auto dt = r.require(o, "cellDateTime");
    scope s{r, "cellDateTime"};
    // Usually { rawValue: "1786790400000" }; a bare value is taken too.
    if (dt.type() == element_type::OBJECT) {
      auto raw = r.require(r.object(dt), "rawValue");
      scope rs{r, "rawValue"};
      c.start = detail::read_instant(r, raw);
    } else {
      c.start = detail::read_instant(r, dt);
    }
  }
  c.manual = r.optional(o, "manual", &json_in::reader::boolean).value_or(false);
  c.overtime = r.optional_lenient(o, "overtime", &json_in::reader::boolean).value_or(false);
  c.activity_level = r.optional_lenient(o, "activityLevel", &json_in::reader::integer);
  c.memo = r.optional_string(o, "memo");
  if (auto t = json_in::reader::get(o, "task")) {
    scope ts{r, "task"};
    auto to = r.object(*t);
    c.task_id = r.optional_lenient(to, "id", &json_in::reader::id).value_or(std::string{});
    c.task_description = r.optional_string(to, "description");
  }
  return c;
}

time_report_row read_report_node(json_in::reader& r, element e) {
  auto o = r.object(e);
  time_report_row row;
  {
    auto d = r.require(o, "dateWorkedOn");
    scope s{r, "dateWorkedOn"};
    row.date_worked_on = detail::read_day(r, d);
  }
  {
    auto c = r.require(o, "contract");
    scope s{r, "contract"};
    row.contract_id = r.required(r.object(c), "id", &json_in::reader::id);
  }
  if (auto f = json_in::reader::get(o, "freelancer")) {
    scope s{r, "freelancer"};
    row.freelancer_id = r.required(r.object(*f), "id", &json_in::reader::id);
  }
  row.task = r.optional_string(o, "task");
  row.memo = r.optional_string(o, "memo");
  row.total_hours_worked = r.required(o, "totalHoursWorked", &json_in::reader::number);
  // Charges may come as a bare number or as Money.
  if (auto ch = json_in::reader::get(o, "totalCharges")) {
    scope s{r, "totalCharges"};
    row.total_charges = ch->type() == element_type::OBJECT ? detail::read_money(r, *ch).amount : r.number(*ch);
  }
  return row;
}

// One contract-day's diary object (`workDiaryContract`, or an alias of it).
work_diary read_work_diary(json_in::reader& r, element wdc_el, bool partial) {
  work_diary wd;
  auto wdc = r.object(wdc_el);
  if (auto meta = json_in::reader::get(wdc, "workDiaryMetadata")) {
    scope ms{r, "workDiaryMetadata"};
    auto mo = r.object(*meta);
    wd.timezone_offset = r.optional_lenient(mo, "timezoneOffset", &json_in::reader::integer);
    if (auto a = json_in::reader::get(mo, "archivingDateTime")) {
      scope as{r, "archivingDateTime"};
      wd.archiving_date_time = a->type() == element_type::STRING ? r.string(*a) : std::to_string(r.integer(*a));
    }
  }
  // A day without cells may come as an empty list or as null, never as nothing.
  if (auto cells = r.list(wdc, "workDiaryTimeCells")) {
    scope cs{r, "workDiaryTimeCells"};
    for_each_item(r, r.array(*cells), partial, [&](element e) { wd.cells.push_back(read_cell(r, e)); });
  }
  std::stable_sort(wd.cells.begin(), wd.cells.end(),
                   [](const work_diary_cell& a, const work_diary_cell& b) { return a.start < b.start; });
  wd.cells.erase(std::unique(wd.cells.begin(), wd.cells.end(),
                             [](const work_diary_cell& a, const work_diary_cell& b) { return a.start == b.start; }),
                 wd.cells.end());
  return wd;
}

} // namespace

result<std::vector<date>> parse_work_days(std::string_view body) {
  return parse_graphql<std::vector<date>>(body, [](json_in::reader& r, object data, bool partial) {
    std::vector<date> out;
    auto wd_el = r.require(data, "workDays");
    scope s{r, "workDays"};
    // { workDays: { workDays: [...] } }; a bare list is taken too.
    auto read_list = [&](element list) {
      for_each_item(r, r.array(list), partial, [&](element e) { out.push_back(detail::read_day(r, e)); });
    };
    if (wd_el.type() == element_type::OBJECT) {
      if (auto list = r.list(r.object(wd_el), "workDays")) {
        scope ls{r, "workDays"};
        read_list(*list);
      }
    } else {
      read_list(wd_el);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  });
}

result<work_diary> parse_work_diary(std::string_view body) {
  return parse_graphql<work_diary>(body, [](json_in::reader& r, object data, bool partial) {
    auto wdc = r.require(data, "workDiaryContract");
    scope s{r, "workDiaryContract"};
    return read_work_diary(r, wdc, partial);
  });
}

result<std::vector<result<work_diary>>> parse_work_diaries(std::string_view body, std::size_t count) {
  std::vector<std::string> aliases;
  aliases.reserve(count);
  for (std::size_t i = 0; i < count; ++i)
    aliases.push_back(queries::diary_alias(i));
  return parse_graphql_aliases<work_diary>(body, aliases,
                                           [](json_in::reader& r, element e) { return read_work_diary(r, e, false); });
}

result<page<time_report_row>> parse_time_report_page(std::string_view body) {
  return parse_graphql<page<time_report_row>>(body, [](json_in::reader& r, object data, bool partial) {
    page<time_report_row> p;
    auto conn_el = r.require(data, "contractTimeReport");
    scope s{r, "contractTimeReport"};
    auto conn = r.object(conn_el);
    detail::read_connection(r, conn, partial, p, [&](element node) { return read_report_node(r, node); });
    return p;
  });
}

} // namespace upsync::upwork
