// libFuzzer target: parse_work_diary on arbitrary bytes; cells come out sorted and unique.
#include "fuzz/parser_fuzz.hpp"
#include "protocol/upwork/parsers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace upsync::upwork;
  auto r = parse_work_diary({reinterpret_cast<const char*>(data), size});
  fuzz::check(r.has_value() || r.has_error());
  if (r.has_value())
    for (std::size_t i = 1; i < r->cells.size(); ++i)
      fuzz::check(r->cells[i - 1].start < r->cells[i].start);
  return 0;
}
