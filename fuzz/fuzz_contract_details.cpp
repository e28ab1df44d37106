// libFuzzer target: parse_contract_details on arbitrary bytes.
#include "fuzz/parser_fuzz.hpp"
#include "protocol/upwork/parsers.hpp"

UPSYNC_PARSER_FUZZ_TARGET(parse_contract_details)
