// libFuzzer target: parse_time_report_page on arbitrary bytes; a next page has a cursor.
#include "fuzz/parser_fuzz.hpp"
#include "protocol/upwork/parsers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace upsync::upwork;
  auto r = parse_time_report_page({reinterpret_cast<const char*>(data), size});
  fuzz::check(r.has_value() || r.has_error());
  if (r.has_value() && r->has_next_page)
    fuzz::check(!r->end_cursor.empty());
  return 0;
}
