// Dispatches requests to endpoints, counts them, and logs them without secrets.
#include "sim/endpoints.hpp"

#include <chrono>
#include <spdlog/spdlog.h>
#include <stdexcept>

namespace upsync::sim {

namespace {

constexpr std::string_view authorize_path = "/ab/account-security/oauth2/authorize";
constexpr std::string_view token_path = "/api/v3/oauth2/token";
constexpr std::string_view graphql_path = "/graphql";
constexpr std::string_view control_prefix = "/__control/";

std::string_view path_of(const http_request& req) {
  std::string_view target{req.target().data(), req.target().size()};
  return target.substr(0, target.find('?'));
}

// "Bearer oauth2v2_0123abcd…": enough to tell tokens apart in a log, useless to a thief.
std::string auth_for_log(const http_request& req) {
  auto auth = req[http::field::authorization];
  if (auth.empty())
    return "-";
  std::string a{auth};
  auto space = a.find(' ');
  return space == std::string::npos ? "***" : a.substr(0, space + 1) + redact_token(a.substr(space + 1));
}

} // namespace

reply route(sim_state& s, http_request&& req, const std::string& remote_ip) {
  auto started = std::chrono::steady_clock::now();
  auto path = path_of(req);
  bool control = path.substr(0, control_prefix.size()) == control_prefix;
  reply r;
  try {
    if (path == graphql_path)
      r = handle_graphql(s, req, remote_ip);
    else if (path == token_path)
      r = handle_token(s, req, remote_ip);
    else if (path == authorize_path) {
      r = handle_authorize(s, req);
      r.operation = "oauth.authorize";
    } else if (control)
      r = handle_control(s, req);
    else {
      r = json_reply(req, http::status::not_found, "{\"error\":\"not_found\"}");
      r.operation = "not_found";
    }
  } catch (const std::invalid_argument& e) {
    r = json_reply(req, http::status::bad_request, "{\"error\":\"bad_request\"}");
  } catch (const std::exception& e) {
    spdlog::error("{} {}: {}", std::string{req.method_string()}, std::string{path}, e.what());
    r = json_reply(req, http::status::internal_server_error, "{\"error\":\"internal\"}");
  }
  auto status = r.res.result_int();
  // The control API is the test harness talking; it never counts as traffic.
  if (!control)
    s.stats.record(r.operation.empty() ? std::string{path} : r.operation, static_cast<int>(status));
  if (spdlog::should_log(spdlog::level::info) && !(control && !spdlog::should_log(spdlog::level::debug))) {
    auto micros =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count();
    spdlog::info("{} {} {} op={} status={} {}us delay={}ms auth={}", remote_ip, std::string{req.method_string()},
                 std::string{path}, r.operation, status, micros, r.delay.count(), auth_for_log(req));
  }
  return r;
}

} // namespace upsync::sim
