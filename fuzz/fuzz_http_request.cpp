// libFuzzer target: a raw request as the server reads it. Beast's parser (the server's
// header and body limits) takes any bytes; a complete request then goes through the
// dispatcher's pure steps — target and query decoding, bearer token, request id — and
// the real API router, /metrics and /api/v1/admin/actors included, and the web console's
// path rules (console_paths). A request that reaches
// /metrics runs its handler: served only for the exact metrics token, else 401. Nothing
// here may crash; every refusal is a 400 api_error.
#include "http/api_error.hpp"
#include "http/console_paths.hpp"
#include "http/handlers/routes.hpp"
#include "http/request_target.hpp"
#include "http/upwork_gateway.hpp"
#include "metrics/registry.hpp"

#include <boost/beast/core/buffers_prefix.hpp>
#include <boost/beast/http/parser.hpp>
#include <cstdint>
#include <cstdlib>

namespace {

namespace bhttp = boost::beast::http;
using namespace upsync::http;

void check(bool ok) {
  if (!ok)
    std::abort();
}

// UPSYNC_METRICS_TOKEN of the fuzzed server (the dictionary holds it, so inputs find it).
const std::string metrics_token = "fuzz-metrics-token-0123456789";

const router& api_routes() {
  static const router routes = [] {
    upwork_settings settings;
    settings.secret_key_hex = std::string(64, 'a');
    auto gateway = std::make_shared<const upwork_gateway>(settings);
    router r;
    add_health_routes(r, [] { return true; });
    add_member_routes(r);
    add_project_routes(r);
    add_interval_routes(r);
    add_upwork_connection_routes(r, gateway);
    add_upwork_wizard_account_routes(r, 90);
    add_upwork_wizard_mapping_routes(r, gateway);
    add_upwork_wizard_review_routes(r, 90);
    add_upwork_status_routes(r);
    add_upwork_run_routes(r);
    // Nothing resolves: a registration never reaches the network from the fuzzer.
    add_webhook_routes(
      r, {std::string(64, '0'), {}, [](const std::string&) { return std::vector<upsync::domain::ip_address>{}; }});
    add_upwork_reconciliation_routes(r);
    add_admin_routes(r, [] { return std::nullopt; });
    add_metrics_route(r, std::make_shared<const upsync::metrics::registry>(), metrics_token);
    return r;
  }();
  return routes;
}

// The handler as the dispatcher calls it: the bearer token (if any) as the only header.
void serve_metrics(const route& metrics, const request& req) {
  api_request call;
  call.method = req.method();
  call.path = "/metrics";
  auto token = bearer_token(req);
  if (token)
    call.headers["authorization"] = *token;
  try {
    auto answer = metrics.handler(call);
    check(token && *token == metrics_token && answer.status == 200);
    check(answer.body.find(metrics_token) == std::string::npos);
  } catch (const api_error& e) {
    check(e.status == 401 && !(token && *token == metrics_token));
  }
}

// The web console's paths (issue 18): a file name it would look up never climbs, hides or
// carries a byte a file system or a log would read differently.
void check_console_path(const std::string& path) {
  auto target = classify_console_path(path);
  if (target.kind != console_target::asset) {
    check(target.name.empty());
    return;
  }
  const auto& name = target.name;
  check(!name.empty() && name.front() != '/' && name.back() != '/');
  check(name.find('\\') == std::string::npos && name.find("//") == std::string::npos);
  for (unsigned char c : name)
    check(c >= 0x20 && c != 0x7f);
  std::size_t start = 0;
  while (start <= name.size()) {
    auto end = name.find('/', start);
    if (end == std::string::npos)
      end = name.size();
    check(end > start && name[start] != '.'); // no "", ".", ".." or hidden segment
    start = end + 1;
  }
}

std::size_t placeholders(const std::string& pattern) {
  std::size_t n = 0;
  for (char c : pattern)
    n += c == '{';
  return n;
}

void route_request(const request& req) {
  request_target target;
  try {
    target = parse_request_target({req.target().data(), req.target().size()});
  } catch (const api_error& e) {
    check(e.status == 400 && e.code == "invalid_request");
    return;
  }
  check(!target.path.empty() && target.path.front() == '/');
  auto id = request_id_for(req);
  check(!id.empty() && id.size() <= 64 && id.find_first_of("\r\n") == std::string::npos);
  if (auto token = bearer_token(req))
    check(!token->empty() && token->size() <= 256);
  check_console_path(target.path);
  auto m = api_routes().match(req.method(), target.path);
  if (m.found) {
    check(m.path_known && m.found->method == req.method());
    check(m.params.size() == placeholders(m.found->pattern));
    for (const auto& p : m.params)
      check(!p.empty() && p.find('/') == std::string::npos);
    if (m.found->pattern == "/metrics")
      serve_metrics(*m.found, req);
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(16 * 1024); // server_options' defaults
  parser.body_limit(1024 * 1024);
  parser.eager(true);
  boost::asio::const_buffer rest{data, size};
  boost::beast::error_code ec;
  while (rest.size() > 0 && !parser.is_done()) {
    auto used = parser.put(rest, ec);
    if (ec == bhttp::error::need_more) {
      ec = {};
      break;
    }
    if (ec)
      return 0; // malformed: the server answers 400 or closes
    if (used == 0)
      break;
    rest += used;
  }
  if (!parser.is_done()) {
    parser.put_eof(ec); // the client closed: a body without length ends here
    if (ec || !parser.is_done())
      return 0;
  }
  route_request(parser.get());
  return 0;
}
