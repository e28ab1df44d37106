// libFuzzer target: the OAuth token-endpoint answer path (status from the first two bytes).
#include "fuzz/parser_fuzz.hpp"
#include "protocol/upwork/oauth.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace upsync::upwork;
  int status = 200;
  if (size >= 2) {
    status = 100 + (data[0] << 8 | data[1]) % 500;
    data += 2;
    size -= 2;
  }
  auto r = parse_token_response(status, {reinterpret_cast<const char*>(data), size});
  fuzz::check(r.has_value() != r.has_error());
  if (r.has_value())
    fuzz::check(!r->access_token.empty() && r->expires_in >= 0);
  return 0;
}
