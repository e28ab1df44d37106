// libFuzzer target: parse_client_offers_page on arbitrary bytes.
#include "fuzz/parser_fuzz.hpp"
#include "protocol/upwork/parsers.hpp"

UPSYNC_PARSER_FUZZ_TARGET(parse_client_offers_page)
