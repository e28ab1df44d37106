// libFuzzer target: parse_staffs_page on arbitrary bytes.
#include "fuzz/parser_fuzz.hpp"
#include "protocol/upwork/parsers.hpp"

UPSYNC_PARSER_FUZZ_TARGET(parse_staffs_page)
