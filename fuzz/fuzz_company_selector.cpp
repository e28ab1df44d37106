// libFuzzer target: parse_company_selector on arbitrary bytes.
#include "fuzz/parser_fuzz.hpp"
#include "protocol/upwork/parsers.hpp"

UPSYNC_PARSER_FUZZ_TARGET(parse_company_selector)
