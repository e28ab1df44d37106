// Micro-benchmark of the Upwork parsers: MB/s and entries/s for a 1,000-cell work-diary
// page and a 500-row time-report page (the largest pages a sync reads).
#include "protocol/upwork/parsers.hpp"

#include <benchmark/benchmark.h>
#include <cstdio>
#include <string>

namespace {

using namespace upsync::upwork;

/// A workDiaryContract answer with `n` cells; every other one with its time as ISO text.
std::string diary_page(int n) {
  std::string s = R"({"data":{"workDiaryContract":{"workDiaryMetadata":{"timezoneOffset":0,)"
                  R"("archivingDateTime":"1787011200000"},"workDiaryTimeCells":[)";
  const long long start = 1786752000000LL;
  for (int i = 0; i < n; ++i) {
    if (i)
      s += ',';
    const long long t = start + i * 600000LL;
    std::string raw = i % 2 ? std::to_string(t) : format_instant(utc_time{std::chrono::milliseconds{t}});
    char buf[320];
    std::snprintf(buf, sizeof buf,
                  R"({"cellDateTime":{"rawValue":"%s"},"manual":%s,"overtime":false,)"
                  R"("activityLevel":%d,"memo":"Implementing the sync engine","task":)"
                  R"({"id":"5001","description":"Backend"}})",
                  raw.c_str(), i % 7 == 0 ? "true" : "false", i % 11);
    s += buf;
  }
  return s + "]}}}";
}

std::string report_page(int n) {
  std::string s = R"({"data":{"contractTimeReport":{"totalCount":)" + std::to_string(n) + R"(,"edges":[)";
  for (int i = 0; i < n; ++i) {
    if (i)
      s += ',';
    char buf[400];
    std::snprintf(buf, sizeof buf,
                  R"({"cursor":"%d","node":{"dateWorkedOn":"2026-08-%02d","contract":{"id":"%d"},)"
                  R"("freelancer":{"id":"1409876543210987601"},"task":"Backend","memo":"API",)"
                  R"("totalHoursWorked":"%d.%02d","totalCharges":"%d.50"}})",
                  i, 1 + i % 28, 38200000 + i, i % 9, (i * 17) % 100, 10 + i);
    s += buf;
  }
  return s + R"(],"pageInfo":{"endCursor":"x","hasNextPage":false}}}})";
}

void work_diary_1000_cells(benchmark::State& state) {
  const std::string body = diary_page(1000);
  for (auto _ : state) {
    auto r = parse_work_diary(body);
    if (!r.ok() || r->cells.size() != 1000)
      state.SkipWithError("parse failed");
    benchmark::DoNotOptimize(r);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * body.size()));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * 1000));
}
BENCHMARK(work_diary_1000_cells);

void time_report_500_rows(benchmark::State& state) {
  const std::string body = report_page(500);
  for (auto _ : state) {
    auto r = parse_time_report_page(body);
    if (!r.ok() || r->items.size() != 500)
      state.SkipWithError("parse failed");
    benchmark::DoNotOptimize(r);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * body.size()));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * 500));
}
BENCHMARK(time_report_500_rows);

} // namespace

BENCHMARK_MAIN();
