#include "tests/reliability/console_sweep.hpp"

#include <filesystem>
#include <gtest/gtest.h>
#include <set>
#include <vector>

namespace upsync::testing {

namespace {

// Ways to spell "go up one directory" once the request reaches the console's paths.
const std::vector<std::string> ups = {
  "..", "%2e%2e", "%2E%2E", ".%2e", "%2e.", "%252e%252e", "%c0%ae%c0%ae", "%e0%80%ae%e0%80%ae", "..%00", "...", "....",
};
// And "then a separator".
const std::vector<std::string> seps = {"/", "%2f", "%2F", "%5c", "\\", "%252f", "%c0%af", "//", "/./"};
// Where the attacker aims: beside the console, the system, hidden files inside it.
const std::vector<std::string> aims = {"secret.txt", "outside/secret.js", "etc/passwd", "proc/self/environ",
                                       ".env",       ".git/config"};

std::string head_of(const std::string& raw) { return raw.substr(0, raw.find("\r\n\r\n")); }

} // namespace

int sweep_console(running_daemon& daemon, const console_tree& tree, const std::string& token) {
  int sent = 0;
  const std::string& secret = console_tree::secret;
  auto leaks_nothing = [&](const std::string& what, const std::string& text) {
    EXPECT_EQ(text.find(secret), std::string::npos) << what << " served a file outside the console";
    EXPECT_EQ(text.find("root:x:0:0"), std::string::npos) << what << " served /etc/passwd";
    EXPECT_EQ(text.find("UPSYNC_SECRET_KEY="), std::string::npos) << what << " served an environment";
  };
  auto call = [&](const std::string& method, const std::string& target, const std::string& with_token = "",
                  std::map<std::string, std::string> headers = {}) {
    ++sent;
    auto r = daemon.call(method, target, method == "POST" || method == "PUT" || method == "PATCH" ? "{}" : "",
                         with_token, headers);
    leaks_nothing(method + " " + target, r.body);
    EXPECT_LT(r.status, 500u) << method << " " << target << ": " << r.body.substr(0, 200);
    return r;
  };
  auto console_headers = [](const std::string& what, const http_reply& r) {
    EXPECT_NE(r.headers.count("content-security-policy"), 0u) << what;
    EXPECT_EQ(r.headers.count("x-content-type-options") ? r.headers.at("x-content-type-options") : "", "nosniff")
      << what;
  };

  // The console is there (else the sweep below proves nothing), and the OAuth callback's
  // redirect lands on it.
  auto index = call("GET", "/");
  EXPECT_EQ(index.status, 200u);
  EXPECT_EQ(index.body, console_tree::index_html);
  auto wizard = call("GET", "/console/wizard?connection=" + (daemon.connection_a.empty() ? "1" : daemon.connection_a));
  EXPECT_EQ(wizard.status, 200u);
  EXPECT_EQ(wizard.body, console_tree::index_html);

  // Traversal: every way up, every separator, every aim, from every console prefix.
  std::set<std::string> targets;
  for (const char* prefix : {"/console/assets/", "/console/", "/console/wizard/", "/console/assets/chunks/", "/"})
    for (const auto& up : ups)
      for (const auto& sep : seps)
        for (const auto& aim : aims) {
          std::string path = prefix;
          for (int i = 0; i < 4; ++i)
            path += up + sep;
          targets.insert(path + aim);
        }
  for (const auto& t : targets) {
    if (t.find('\\') != std::string::npos)
      continue; // not a valid target for the client library: sent raw below
    auto r = call("GET", t);
    // What still decodes to a client route (double encoding leaves "%2e%2e" as a name) is
    // the page itself; under assets/ nothing matches a file; a literal ".." is refused.
    bool page = r.status == 200u && r.body == console_tree::index_html && t.rfind("/console/assets/", 0) != 0;
    EXPECT_TRUE(r.status == 404u || r.status == 400u || page) << "GET " << t << " -> " << r.status;
  }
  // Symlinks out of the directory, hidden files, files beside index.html.
  for (const char* t : {"/console/assets/leak.js", "/console/assets/passwd.js", "/console/assets/out/secret.js",
                        "/console/assets/.env", "/console/assets/.git/config", "/console/robots.txt",
                        "/console/assets/../robots.txt", "/console/index.html", "/console/assets/"}) {
    auto r = call("GET", t, token);
    EXPECT_EQ(r.status, 404u) << t;
    console_headers(t, r);
  }

  // Odd paths: the console answers index.html for a client route, 404 for a file, 400
  // for what does not decode; never anything else.
  const std::vector<std::string> odd = {
    "/console/" + std::string(8000, 'a'),
    "/console/" + std::string(2000, '/'),
    "/console/assets/" + std::string(8000, 'b') + ".js",
    "/console/%",
    "/console/%zz",
    "/console/%u002e%u002e/secret.txt",
    "/console/wizard?connection=%27%20OR%201%3D1",
    "/console/wizard?" + std::string(4000, '&'),
    "/console/%e2%80%ae%e2%80%8b",
    "/console/%f0%9f%92%a9",
    "/console/%ff%fe",
    "/console/wizard;jsessionid=1",
    "/console/assets/app-1a2b.js;.png",
    "/console/assets/app-1a2b.js/",
    "/console/assets/app-1a2b.js%20",
    "/console/assets/APP-1A2B.JS",
    "/console/assets/app-1a2b.js::$DATA",
    "/console/assets/~root",
    "/CONSOLE/assets/app-1a2b.js",
    "/console%2fassets%2fapp-1a2b.js",
    "/%63onsole/assets/app-1a2b.js",
  };
  for (const auto& t : odd) {
    auto r = call("GET", t, token);
    EXPECT_TRUE(r.status == 200u || r.status == 404u || r.status == 400u) << t.substr(0, 80) << " -> " << r.status;
    if (r.status == 200u)
      EXPECT_TRUE(r.body == console_tree::index_html || r.body == console_tree::app_js) << t.substr(0, 80);
  }

  // Methods: GET and HEAD only, with or without a token; HEAD never has a body.
  for (const char* target : {"/", "/console", "/console/wizard?connection=1", "/console/assets/app-1a2b.js",
                             "/console/assets/nope.js", "/console/assets/../../secret.txt"})
    for (const std::string with : {std::string{}, token}) {
      for (const char* method : {"POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"}) {
        auto r = call(method, target, with);
        EXPECT_EQ(r.status, 405u) << method << " " << target;
        EXPECT_EQ(r.headers["allow"], "GET, HEAD") << method << " " << target;
        console_headers(std::string{method} + " " + target, r);
      }
      auto head = call("HEAD", target, with);
      EXPECT_TRUE(head.status == 200u || head.status == 404u) << "HEAD " << target;
      EXPECT_TRUE(head.body.empty()) << "HEAD " << target;
    }

  // Raw bytes: backslashes, NUL, control bytes, absolute and odd request targets, unknown
  // methods, HTTP/1.0, and two requests in one write (both answered, neither leaks).
  std::vector<std::string> lines = {
    "GET /console/assets/..\\..\\secret.txt HTTP/1.1",
    "GET /console\\assets\\..\\..\\secret.txt HTTP/1.1",
    "GET /console/assets/leak.js\\ HTTP/1.1",
    std::string("GET /console/assets/app-1a2b.js") + '\0' + "/../../../secret.txt HTTP/1.1",
    "GET /console/assets/\x01\x02.js HTTP/1.1",
    "GET /console/assets/\x7f.js HTTP/1.1",
    "GET http://127.0.0.1/console/assets/../../secret.txt HTTP/1.1",
    "GET file:///etc/passwd HTTP/1.1",
    "GET console/assets/app-1a2b.js HTTP/1.1",
    "GET ../secret.txt HTTP/1.1",
    "GET * HTTP/1.1",
    "GET /console/assets/../../secret.txt HTTP/1.0",
    "GET /console/assets/../../secret.txt HTTP/0.9",
    "FOO /console/ HTTP/1.1",
    "get /console/ HTTP/1.1",
    "GET  /console/ HTTP/1.1",
    "GET /console/#/../../secret.txt HTTP/1.1",
  };
  for (const auto& line : lines) {
    ++sent;
    auto answer = daemon.raw(line + "\r\nHost: x\r\nConnection: close\r\n\r\n");
    leaks_nothing(line, answer);
    EXPECT_TRUE(answer.empty() || answer.rfind("HTTP/1.1 4", 0) == 0 || answer.rfind("HTTP/1.0 4", 0) == 0
                || (answer.rfind("HTTP/1.1 200", 0) == 0 && answer.find(console_tree::index_html) != std::string::npos))
      << line << " -> " << head_of(answer);
  }
  ++sent;
  auto two = daemon.raw("GET /console/assets/app-1a2b.js HTTP/1.1\r\nHost: x\r\n\r\n"
                        "GET /console/assets/../../secret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  leaks_nothing("two requests in one write", two);
  EXPECT_EQ(two.rfind("HTTP/1.1 200", 0), 0u) << head_of(two);
  EXPECT_NE(two.find("HTTP/1.1 404"), std::string::npos) << two.substr(0, 400);
  ++sent;
  auto head = daemon.raw("HEAD /console/assets/app-1a2b.js HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(head.size(), head.find("\r\n\r\n") + 4) << "a HEAD answer with a body: " << head;

  // Headers that might steer a file server: ranges, conditionals, overrides.
  for (const std::map<std::string, std::string>& headers :
       std::vector<std::map<std::string, std::string>>{{{"Range", "bytes=0-5"}},
                                                       {{"Range", "bytes=-99999999999999999999"}},
                                                       {{"If-None-Match", std::string(8000, '"')}},
                                                       {{"If-Modified-Since", "garbage"}},
                                                       {{"X-Original-URL", "/console/assets/../../secret.txt"}},
                                                       {{"X-Rewrite-URL", "/../secret.txt"}},
                                                       {{"Host", "../../secret.txt"}},
                                                       {{"Accept-Encoding", "gzip, br, ../../secret.txt"}}}) {
    auto r = call("GET", "/console/assets/app-1a2b.js", "", headers);
    EXPECT_EQ(r.status, 200u) << headers.begin()->first;
    EXPECT_EQ(r.body, console_tree::app_js) << headers.begin()->first;
  }
  EXPECT_TRUE(std::filesystem::exists(tree.root / "secret.txt")) << "the bait was gone: the sweep proved nothing";
  return sent;
}

} // namespace upsync::testing
