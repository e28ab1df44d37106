// libFuzzer target: parse_work_days on arbitrary bytes.
#include "fuzz/parser_fuzz.hpp"
#include "protocol/upwork/parsers.hpp"

UPSYNC_PARSER_FUZZ_TARGET(parse_work_days)
