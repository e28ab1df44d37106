// Consistency: work-diary cells == time report == control-API ground truth, also after edits.
#include "sim/civil_time.hpp"
#include "tests/sim/sim_fixture.hpp"

#include <cmath>
#include <map>

namespace upsync::sim::testing {
namespace {

class ground_truth : public sim_test {
protected:
  void SetUp() override {
    auto o = test_options();
    o.scale.orgs = 8;
    o.scale.contracts_per_org = 6;
    start(o);
    today_ = sim_->state().w.today();
  }

  const dataset& data() { return sim_->state().w.data(); }

  std::string client_org() {
    for (std::uint32_t o = 0; o < data().org_count(); ++o)
      if (data().org(o).kind == org_kind::client && !data().contracts_of(o).empty())
        return data().org(o).id;
    return {};
  }

  /// (date, contract) -> cells, from workDiaryContract over HTTP.
  int diary_cells(const std::string& contract, std::int64_t day) {
    auto doc = graphql("query($c: ID!, $d: String!) { workDiaryContract(workDiaryContractInput: "
                       "{contractId: $c, date: $d}) { workDiaryTimeCells { cellDateTime { "
                       "rawValue } } } }",
                       "{\"c\":\"" + contract + "\",\"d\":\"" + format_compact_day(day) + "\"}");
    return static_cast<int>(doc.size("/data/workDiaryContract/workDiaryTimeCells"));
  }

  struct report_row {
    int cells;
    std::string charges;
  };
  /// (date/contract) -> row, from contractTimeReport over HTTP, every page.
  std::map<std::string, report_row> report(const std::string& org, std::int64_t from, std::int64_t to) {
    std::map<std::string, report_row> rows;
    std::string after;
    for (;;) {
      auto doc = graphql("query($f: TimeReportFilter, $p: Pagination) { contractTimeReport(filter: $f, "
                         "pagination: $p) { edges { node { dateWorkedOn contract { id } totalHoursWorked "
                         "totalCharges } } pageInfo { endCursor hasNextPage } } }",
                         "{\"f\":{\"organizationId_eq\":\"" + org + "\",\"timeReportDate_bt\":{\"rangeStart\":\""
                           + format_iso_day(from) + "\",\"rangeEnd\":\"" + format_iso_day(to) + "\"}},\"p\":{"
                           + "\"first\":20" + (after.empty() ? "" : ",\"after\":\"" + after + "\"") + "}}");
      auto n = doc.size("/data/contractTimeReport/edges");
      for (std::size_t i = 0; i < n; ++i) {
        auto p = "/data/contractTimeReport/edges/" + std::to_string(i) + "/node";
        auto hours = doc.num(p + "/totalHoursWorked");
        rows[doc.str(p + "/dateWorkedOn") + "/" + doc.str(p + "/contract/id")] = {
          static_cast<int>(std::lround(hours * 6)), std::to_string(doc.num(p + "/totalCharges"))};
      }
      if (!doc.boolean("/data/contractTimeReport/pageInfo/hasNextPage"))
        break;
      after = doc.str("/data/contractTimeReport/pageInfo/endCursor");
    }
    return rows;
  }

  json_doc truth(const std::string& contract, std::int64_t from, std::int64_t to) {
    auto r = http().get("/__control/truth?contract=" + contract + "&from=" + format_iso_day(from)
                        + "&to=" + format_iso_day(to));
    EXPECT_EQ(r.status, 200);
    return json_doc{r.body};
  }

  std::int64_t today_ = 0;
};

TEST_F(ground_truth, diary_cells_sum_to_the_time_report_and_to_the_truth) {
  auto org = client_org();
  auto from = today_ - 13, to = today_ - 1;
  auto rows = report(org, from, to);
  ASSERT_FALSE(rows.empty());
  std::size_t checked_rows = 0;
  for (auto index : data().contracts_of(*data().find_org(org))) {
    auto c = data().contract(index);
    auto t = truth(c.id, from, to);
    std::map<std::string, std::pair<int, std::string>> truth_days;
    for (std::size_t i = 0; i < t.size("/days"); ++i) {
      auto p = "/days/" + std::to_string(i);
      truth_days[t.str(p + "/date")] = {static_cast<int>(t.num(p + "/cell_count")), t.str(p + "/charges")};
      EXPECT_EQ(t.size(p + "/cells"), static_cast<std::size_t>(t.num(p + "/cell_count")));
    }
    for (auto day = from; day <= to; ++day) {
      auto key = format_iso_day(day);
      int diary = diary_cells(c.id, day);
      int truth_cells = truth_days.count(key) ? truth_days[key].first : 0;
      EXPECT_EQ(diary, truth_cells) << c.id << " " << key;
      auto row = rows.find(key + "/" + c.id);
      if (diary == 0) {
        EXPECT_EQ(row, rows.end()) << "a report row for a day without time";
        continue;
      }
      ASSERT_NE(row, rows.end()) << c.id << " " << key;
      EXPECT_EQ(row->second.cells, diary);
      EXPECT_DOUBLE_EQ(std::stod(row->second.charges), std::stod(truth_days[key].second));
      ++checked_rows;
    }
  }
  EXPECT_EQ(checked_rows, rows.size());
}

TEST_F(ground_truth, retroactive_edits_show_in_diary_report_work_days_and_truth) {
  auto org = client_org();
  contract_record c;
  for (auto index : data().contracts_of(*data().find_org(org)))
    if ((c = data().contract(index)).hourly && c.status == contract_status::active)
      break;
  ASSERT_TRUE(c.hourly);
  auto day = today_ - 3;
  int before = diary_cells(c.id, day);
  // Add two manual cells at 03:00 and 03:10 and remove the first existing one, if any.
  auto base = day * ms_per_day + 3 * 3'600'000LL;
  std::string remove;
  auto existing = sim_->state().w.cells(c, day);
  if (!existing.empty() && existing.front().start_ms != base && existing.front().start_ms != base + ms_per_cell)
    remove = std::to_string(existing.front().start_ms);
  auto body = "{\"contract\":\"" + c.id + "\",\"date\":\"" + format_iso_day(day) + "\",\"add\":[{\"start\":\""
              + format_iso_instant(base) + "\",\"manual\":true,\"memo\":\"late entry\"},{\"start\":"
              + std::to_string(base + ms_per_cell) + ",\"manual\":true}],\"remove\":[" + remove + "]}";
  auto edit = control_post("/__control/cells", body);
  ASSERT_EQ(edit.status, 200) << edit.body;
  int after = diary_cells(c.id, day);
  bool base_existed = false;
  for (const auto& x : existing)
    base_existed |= x.start_ms == base || x.start_ms == base + ms_per_cell;
  if (!base_existed) {
    EXPECT_EQ(after, before + 2 - (remove.empty() ? 0 : 1));
  }
  auto rows = report(org, day, day);
  EXPECT_EQ(rows[format_iso_day(day) + "/" + c.id].cells, after);
  auto t = truth(c.id, day, day);
  EXPECT_EQ(t.num("/days/0/cell_count"), after);
  auto days =
    graphql("{ workDays(workdaysInput: {contractIds: [\"" + c.id + "\"], timeRange: {rangeStart: \""
            + format_compact_day(day) + "\", rangeEnd: \"" + format_compact_day(day) + "\"}}) { workDays } }");
  EXPECT_EQ(days.size("/data/workDays/workDays"), 1u);

  // Removing every cell empties the day everywhere.
  std::string all;
  for (const auto& x : sim_->state().w.cells(c, day))
    all += (all.empty() ? "" : ",") + std::to_string(x.start_ms);
  ASSERT_EQ(control_post("/__control/cells", "{\"contract\":\"" + c.id + "\",\"date\":\"" + format_iso_day(day)
                                               + "\",\"remove\":[" + all + "]}")
              .status,
            200);
  EXPECT_EQ(diary_cells(c.id, day), 0);
  EXPECT_EQ(report(org, day, day).count(format_iso_day(day) + "/" + c.id), 0u);

  // Resetting edits brings the generated day back.
  ASSERT_EQ(control_post("/__control/cells/reset", "{}").status, 200);
  EXPECT_EQ(diary_cells(c.id, day), before);
}

TEST_F(ground_truth, edits_are_refused_for_future_days_and_off_grid_cells) {
  auto c = data().contract(0);
  auto future = control_post("/__control/cells", "{\"contract\":\"" + c.id + "\",\"date\":\""
                                                   + format_iso_day(today_ + 1) + "\",\"add\":[]}");
  EXPECT_EQ(future.status, 400);
  auto off_grid =
    control_post("/__control/cells", "{\"contract\":\"" + c.id + "\",\"date\":\"" + format_iso_day(today_ - 1)
                                       + "\",\"add\":[{\"start\":\"" + format_iso_day(today_ - 1) + "T10:05:00Z\"}]}");
  EXPECT_EQ(off_grid.status, 400);
}

TEST_F(ground_truth, today_shows_only_cells_that_have_ended_and_time_appears_as_the_clock_moves) {
  auto& w = sim_->state().w;
  auto now = w.now_ms();
  std::int64_t total_before = 0, total_after = 0;
  for (std::uint32_t i = 0; i < data().contract_count(); ++i) {
    auto c = data().contract(i);
    for (const auto& x : w.cells(c, today_))
      EXPECT_LE(x.start_ms + ms_per_cell, now);
    total_before += static_cast<std::int64_t>(w.cells(c, today_).size());
  }
  ASSERT_EQ(control_post("/__control/clock/advance", "{\"hours\":11}").status, 200);
  for (std::uint32_t i = 0; i < data().contract_count(); ++i)
    total_after += static_cast<std::int64_t>(w.cells(data().contract(i), today_).size());
  EXPECT_GT(total_after, total_before);
}

TEST_F(ground_truth, same_seed_same_answers_over_http) {
  auto org = client_org();
  auto first = report(org, today_ - 6, today_ - 1);
  sim_->stop();
  auto o = test_options();
  o.scale.orgs = 8;
  o.scale.contracts_per_org = 6;
  start(o);
  token_.clear();
  auto second = report(org, today_ - 6, today_ - 1);
  ASSERT_EQ(first.size(), second.size());
  for (const auto& [key, row] : first)
    EXPECT_EQ(second[key].cells, row.cells) << key;
}

} // namespace
} // namespace upsync::sim::testing
