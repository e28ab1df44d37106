// libFuzzer target: parse_work_diaries (a batch of aliased workDiaryContracts) on arbitrary
// bytes, for batches of 1 to 4 days: one result per day, each day's cells sorted and unique.
#include "fuzz/parser_fuzz.hpp"
#include "protocol/upwork/parsers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace upsync::upwork;
  std::string_view body{reinterpret_cast<const char*>(data), size};
  for (std::size_t days = 1; days <= 4; ++days) {
    auto r = parse_work_diaries(body, days);
    fuzz::check(r.has_value() || r.has_error());
    if (!r.has_value())
      continue;
    fuzz::check(r->size() == days);
    for (const auto& day : *r) {
      fuzz::check(day.has_value() != day.has_error());
      if (day.has_value())
        for (std::size_t i = 1; i < day->cells.size(); ++i)
          fuzz::check(day->cells[i - 1].start < day->cells[i].start);
    }
  }
  return 0;
}
