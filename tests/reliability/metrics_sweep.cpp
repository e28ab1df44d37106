#include "tests/reliability/metrics_sweep.hpp"

#include "tests/metrics/exposition_parser.hpp"
#include "tests/support/json_doc.hpp"

#include <gtest/gtest.h>
#include <set>
#include <utility>
#include <vector>

namespace upsync::testing {

bool is_error_json(const http_reply& r) {
  try {
    json_doc doc{r.body};
    return !doc.str("/error/code").empty() && !doc.str("/error/message").empty();
  } catch (const std::exception&) {
    return false;
  }
}

int sweep_metrics_route(running_daemon& daemon, unsigned short port, const std::string& metrics_token,
                        const std::string& user_token) {
  int sent = 0;
  auto never_echoed = [&](const std::string& what, const std::string& answer) {
    EXPECT_EQ(answer.find(metrics_token), std::string::npos) << what << " echoes the metrics token";
  };
  auto refused = [&](const std::string& what, const http_reply& r, std::set<unsigned> allowed) {
    ++sent;
    EXPECT_TRUE(allowed.count(r.status)) << what << " -> " << r.status << " " << r.body.substr(0, 200);
    EXPECT_TRUE(is_error_json(r)) << what << ": " << r.body.substr(0, 200);
    never_echoed(what, r.body);
    for (const auto& [name, value] : r.headers)
      never_echoed(what + " (header " + name + ")", value);
  };

  const std::vector<std::pair<std::string, std::string>> bad_auth = {
    {"no Authorization", ""},
    {"an empty bearer", "Bearer "},
    {"a forged token", "Bearer " + std::string(metrics_token.size(), 'x')},
    {"the token plus a character", "Bearer " + metrics_token + "x"},
    {"the token less its last character", "Bearer " + metrics_token.substr(0, metrics_token.size() - 1)},
    {"the token under Basic", "Basic " + metrics_token},
    {"the token without a scheme", metrics_token},
    {"an API user's token", "Bearer " + user_token},
    {"300 characters", "Bearer " + std::string(300, 'm')},
    {"SQL", "Bearer ' OR '1'='1"},
  };
  for (const auto& [what, header] : bad_auth) {
    std::map<std::string, std::string> headers;
    if (!header.empty())
      headers["Authorization"] = header;
    auto r = daemon.call_at(port, "GET", "/metrics", "", headers);
    refused("/metrics with " + what, r, {401});
    EXPECT_EQ(r.headers["www-authenticate"], "Bearer") << what;
  }
  // The token where a bearer token does not go: not accepted.
  refused("/metrics with the token in the query",
          daemon.call_at(port, "GET", "/metrics?access_token=" + url_escape(metrics_token)), {401});

  const std::map<std::string, std::string> right = {{"Authorization", "Bearer " + metrics_token}};
  // Wrong methods: 405 even with the right token (and a body).
  for (const char* method : {"POST", "PUT", "PATCH", "DELETE"})
    refused(std::string{method} + " /metrics", daemon.call_at(port, method, "/metrics", "{\"x\":1}", right), {405});
  // Next to the route: nothing there, and nothing a path trick reaches.
  for (const char* path : {"/metrics/", "/metrics/x", "/METRICS", "/metrics.txt", "/metrics/..", "/metrics%2f",
                           "/metrics/%2e%2e/api/v1/me"})
    refused(path, daemon.call_at(port, "GET", path, "", right), {400, 404});
  // Targets that cannot be decoded.
  for (const char* target : {"/metrics?%zz", "/metrics?a=%", "/metrics%00"})
    refused(target, daemon.call_at(port, "GET", target, "", right), {400, 404});
  // A body over the limit, on the right route with the right token: refused before it is read.
  auto huge = daemon.raw_at(port, "GET /metrics HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + metrics_token
                                    + "\r\nContent-Length: " + std::to_string(2 * 1024 * 1024) + "\r\n\r\n"
                                    + std::string(2 * 1024 * 1024, 'b'));
  ++sent;
  EXPECT_EQ(huge.rfind("HTTP/1.1 413", 0), 0u) << huge.substr(0, 200);
  never_echoed("a 2 MiB body", huge);
  // A header over the limit.
  auto big = daemon.raw_at(port, "GET /metrics HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(64 * 1024, 'h')
                                   + "\r\nAuthorization: Bearer " + metrics_token + "\r\n\r\n");
  ++sent;
  EXPECT_TRUE(big.empty() || big.rfind("HTTP/1.1 431", 0) == 0 || big.rfind("HTTP/1.1 400", 0) == 0)
    << big.substr(0, 200);
  never_echoed("a 64 KiB header", big);

  // The right token: served, strictly well-formed, and the token is not in it.
  auto ok = daemon.call_at(port, "GET", "/metrics", "", right);
  ++sent;
  EXPECT_EQ(ok.status, 200u) << ok.body.substr(0, 200);
  EXPECT_EQ(ok.headers["content-type"], "text/plain; version=0.0.4; charset=utf-8");
  never_echoed("/metrics", ok.body);
  try {
    exposition parsed{ok.body};
    EXPECT_TRUE(parsed.has("upsync_token_refreshes_total"));
  } catch (const std::exception& e) {
    ADD_FAILURE() << "the exposition does not parse: " << e.what();
  }
  return sent;
}

} // namespace upsync::testing
