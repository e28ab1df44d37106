// libFuzzer target: the whole GraphQL answer path of the client (status, Retry-After,
// body) through classification, retries and paging, with a manual clock.
#include "fuzz/parser_fuzz.hpp"
#include "protocol/upwork/upwork_client.hpp"

#include <memory>

namespace {

using namespace upsync::upwork;

/// Answers every request with the same fuzzed status and body.
class replay_transport : public http_transport {
public:
  replay_transport(int status, std::string retry_after, std::string body)
      : status_(status), retry_after_(std::move(retry_after)), body_(std::move(body)) {}
  result<http_response> send(const http_request&) override {
    if (++calls_ > 50)
      return make_error(error_kind::permanent, "enough");
    http_response r;
    r.status = status_;
    if (!retry_after_.empty())
      r.headers.push_back({"Retry-After", retry_after_});
    r.body = body_;
    return r;
  }

private:
  int status_;
  std::string retry_after_;
  std::string body_;
  int calls_ = 0;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 3)
    return 0;
  const int status = 100 + (data[0] << 8 | data[1]) % 500;
  const int op = data[2] % 5;
  std::string_view rest{reinterpret_cast<const char*>(data + 3), size - 3};
  std::string retry_after;
  if (auto nl = rest.find('\n'); nl != std::string_view::npos && nl < 40) {
    retry_after = std::string{rest.substr(0, nl)};
    rest.remove_prefix(nl + 1);
  }
  auto clk = std::make_shared<manual_clock>();
  client_options o;
  o.graphql_url = "http://127.0.0.1:1/graphql";
  o.retry.max_attempts = 2;
  o.max_pages = 3;
  upwork_client c{o,
                  std::make_shared<replay_transport>(status, retry_after, std::string{rest}),
                  std::make_shared<static_token_provider>("t"),
                  std::make_shared<request_budget>(budget_options{}, clk),
                  clk,
                  [] { return 0.5; }};
  switch (op) {
  case 0: (void)c.staffs("1"); break;
  case 1: (void)c.vendor_contracts("1", "1"); break;
  case 2: (void)c.time_report("1", "1", {date{2026, 8, 1}, date{2026, 8, 29}}, {}); break;
  case 3: (void)c.work_diary_contract("1", "1", date{2026, 8, 15}); break;
  default: (void)c.client_offers("1");
  }
  return 0;
}
