// The web console's files as upsyncd serves them (issue 18): real HTTP over loopback to the
// dispatcher with a console directory made for each test. Content types, caching, the
// security headers, client-side routes, methods, HEAD, a missing console, and traversal
// in every form — plain, encoded, backslash, NUL, absolute, symlinks out — finding nothing
// outside the directory. No database: the console and the one route used need none.
#include "http/console_paths.hpp"
#include "http/dispatcher.hpp"
#include "http/server.hpp"
#include "http/static_files.hpp"
#include "storage/connection_pool.hpp"
#include "tests/support/console_tree.hpp"
#include "tests/support/http_client.hpp"

#include <filesystem>
#include <gtest/gtest.h>
#include <set>

using namespace upsync;
using upsync::testing::http_client;
using upsync::testing::http_reply;
namespace fs = std::filesystem;
namespace bhttp = boost::beast::http;

namespace {

const std::string csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: https: http:; "
                        "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
using upsync::testing::console_tree;
using upsync::testing::write_file;
const std::string& index_html = console_tree::index_html;
const std::string& app_js = console_tree::app_js;
const std::string& secret = console_tree::secret;

// The dispatcher as `upsyncd serve` wires it, with one API route that needs no database.
// `quick`: console answers from the network thread (answer_quickly), as serve does; else
// through the worker path (operator()), which must answer the same.
struct console_site {
  console_site(http::static_files files, bool quick) : console(std::move(files)) {
    routes.add(
      bhttp::verb::get, "/api/v1/ping", http::access::anyone,
      [](http::api_request&) {
        return http::api_response{200, "{}"};
      },
      false);
    dispatch.serve_console(console);
    http::quick_handler fast;
    if (quick)
      fast = [this](const http::request& r) { return dispatch.answer_quickly(r); };
    server = std::make_unique<http::server>(
      http::server_options{"127.0.0.1", 0}, [this](http::request&& r) { return dispatch(std::move(r)); }, fast);
    server->start();
    client = std::make_unique<http_client>(server->port());
  }

  http::static_files console;
  http::router routes;
  storage::connection_pool pool{"postgresql://127.0.0.1:1/never-used", 1};
  http::dispatcher dispatch{routes, pool};
  std::unique_ptr<http::server> server;
  std::unique_ptr<http_client> client;
};

class static_files_test : public ::testing::TestWithParam<bool> {
protected:
  console_tree tree;
  console_site site{http::static_files::load(tree.dir), GetParam()};

  http_reply get(const std::string& target) { return site.client->get(target); }
};

void expect_security_headers(const http_reply& r, const std::string& what) {
  EXPECT_EQ(r.headers.at("content-security-policy"), csp) << what;
  EXPECT_EQ(r.headers.at("x-content-type-options"), "nosniff") << what;
  EXPECT_EQ(r.headers.at("referrer-policy"), "no-referrer") << what;
}

bool is_error(const http_reply& r, const std::string& code) {
  return r.headers.count("content-type") && r.headers.at("content-type") == "application/json"
         && r.body.find("\"code\":\"" + code + "\"") != std::string::npos;
}

} // namespace

INSTANTIATE_TEST_SUITE_P(network_thread_and_worker, static_files_test, ::testing::Values(true, false));

TEST_P(static_files_test, the_root_and_every_client_route_answer_index_html_never_cached) {
  for (const char* target :
       {"/", "/console", "/console/", "/console/signin", "/console/integrations", "/console/wizard?connection=1",
        "/console/wizard/mapping", "/console/wizard/review", "/console/dashboard", "/console/operators",
        "/console/assets", "/?x=1", "/console/%77izard"}) {
    auto r = get(target);
    ASSERT_EQ(r.status, 200u) << target << ": " << r.body;
    EXPECT_EQ(r.body, index_html) << target;
    EXPECT_EQ(r.headers["content-type"], "text/html; charset=utf-8") << target;
    EXPECT_EQ(r.headers["cache-control"], "no-cache") << target;
    expect_security_headers(r, target);
  }
}

TEST_P(static_files_test, assets_answer_with_their_content_type_and_are_cached_for_a_year) {
  const std::map<std::string, std::string> types = {
    {"app-1a2b.js", "text/javascript; charset=utf-8"},
    {"app-1a2b.css", "text/css; charset=utf-8"},
    {"logo.svg", "image/svg+xml"},
    {"pic.png", "image/png"},
    {"favicon.ico", "image/x-icon"},
    {"data.json", "application/json"},
    {"font.woff2", "font/woff2"},
    {"chunks/chunk-9.js", "text/javascript; charset=utf-8"},
    {"same.js", "text/javascript; charset=utf-8"}, // a symlink that stays inside
  };
  for (const auto& [name, type] : types) {
    auto r = get("/console/assets/" + name);
    ASSERT_EQ(r.status, 200u) << name << ": " << r.body;
    EXPECT_EQ(r.headers["content-type"], type) << name;
    EXPECT_EQ(r.headers["cache-control"], "public, max-age=31536000, immutable") << name;
    EXPECT_FALSE(r.headers["etag"].empty()) << name;
    expect_security_headers(r, name);
  }
  auto js = get("/console/assets/app-1a2b.js?v=3");
  EXPECT_EQ(js.body, app_js);
  EXPECT_EQ(get("/console/assets/pic.png").body, std::string("\x89PNG\r\n\x1a\n\0\0", 10));
}

TEST_P(static_files_test, a_missing_asset_or_a_file_outside_assets_answers_404_with_the_headers) {
  for (const char* target : {"/console/assets/nope.js", "/console/assets/app-1a2b.js.map", "/console/assets/chunks",
                             "/console/assets/chunks/", "/console/favicon.ico", "/console/index.html",
                             "/console/robots.txt", "/console/wizard/app.js", "/console/assets/APP-1A2B.JS"}) {
    auto r = get(target);
    EXPECT_EQ(r.status, 404u) << target << ": " << r.body;
    EXPECT_TRUE(is_error(r, "not_found")) << target << ": " << r.body;
    EXPECT_EQ(r.headers["cache-control"], "no-store") << target;
    expect_security_headers(r, target);
  }
}

TEST_P(static_files_test, other_methods_answer_405_and_name_get_and_head) {
  for (const char* method : {"POST", "PUT", "DELETE", "PATCH", "OPTIONS"})
    for (const char* target :
         {"/", "/console", "/console/wizard?connection=1", "/console/assets/app-1a2b.js", "/console/assets/nope.js"}) {
      auto r = site.client->request(method, target, "{\"x\":1}");
      EXPECT_EQ(r.status, 405u) << method << " " << target;
      EXPECT_TRUE(is_error(r, "method_not_allowed")) << method << " " << target << ": " << r.body;
      EXPECT_EQ(r.headers["allow"], "GET, HEAD") << method << " " << target;
      expect_security_headers(r, std::string{method} + " " + target);
    }
}

TEST_P(static_files_test, head_answers_the_headers_of_get_and_no_body) {
  for (const char* target : {"/", "/console/dashboard", "/console/assets/app-1a2b.js"}) {
    auto got = get(target);
    auto head = site.client->request("HEAD", target);
    EXPECT_EQ(head.status, 200u) << target;
    EXPECT_EQ(head.headers["content-length"], std::to_string(got.body.size())) << target;
    EXPECT_EQ(head.headers["content-type"], got.headers["content-type"]) << target;
    EXPECT_EQ(head.headers["etag"], got.headers["etag"]) << target;
    EXPECT_TRUE(head.body.empty()) << target;
  }
  // On the wire: the headers end the answer (the server then closes, as asked).
  auto raw =
    site.client->raw_exchange("HEAD /console/assets/app-1a2b.js HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  ASSERT_EQ(raw.rfind("HTTP/1.1 200", 0), 0u) << raw;
  EXPECT_EQ(raw.size(), raw.find("\r\n\r\n") + 4) << raw;
  // A missing file: its 404's headers, no body either.
  auto missing = site.client->request("HEAD", "/console/assets/nope.js");
  EXPECT_EQ(missing.status, 404u);
  EXPECT_TRUE(missing.body.empty());
}

TEST_P(static_files_test, a_known_etag_answers_304_without_a_body) {
  auto first = get("/console/assets/app-1a2b.js");
  auto again =
    site.client->request("GET", "/console/assets/app-1a2b.js", "", {{"If-None-Match", first.headers["etag"]}});
  EXPECT_EQ(again.status, 304u);
  EXPECT_TRUE(again.body.empty());
  auto index = get("/");
  auto other = site.client->request("GET", "/", "", {{"If-None-Match", "\"0000000000000000\""}});
  EXPECT_EQ(other.status, 200u);
  EXPECT_NE(index.headers["etag"], first.headers["etag"]);
}

TEST_P(static_files_test, traversal_in_any_form_reaches_nothing_outside_the_directory) {
  const std::vector<std::string> targets = {
    "/console/assets/../../secret.txt",
    "/console/assets/../index.html",
    "/console/../secret.txt",
    "/console/assets/%2e%2e/%2e%2e/secret.txt",
    "/console/assets/%2E%2E/%2E%2E/secret.txt",
    "/console/assets/..%2f..%2fsecret.txt",
    "/console/assets/%2e%2e%2f%2e%2e%2fsecret.txt",
    "/console/assets/..%5c..%5csecret.txt",
    "/console/assets/%252e%252e/%252e%252e/secret.txt",
    "/console/assets/%c0%ae%c0%ae/%c0%ae%c0%ae/secret.txt",
    "/console/assets/.%2e/.%2e/secret.txt",
    "/console/assets/./app-1a2b.js",
    "/console/assets//app-1a2b.js",
    "/console/assets/%2fetc%2fpasswd",
    "/console/assets/%2f%2e%2e%2f%2e%2e%2fsecret.txt",
    "/console/assets/app-1a2b.js%00.png",
    "/console/assets/secret.txt%00",
    "/console/assets/leak.js",
    "/console/assets/passwd.js",
    "/console/assets/out/secret.js",
    "/console/assets/out",
    "/console/assets/.env",
    "/console/assets/%2eenv",
    "/console/assets/.git/config",
    "/console/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/console/wizard/..%2f..%2f..%2fetc%2fpasswd",
    "/console/assets/chunks/../../../secret.txt",
    "/console/assets/C:%5cWindows%5cwin.ini",
    "/console/assets/%5c..%5c..%5csecret.txt",
    "/console/assets/file:%2f%2f%2fetc%2fpasswd",
    "/console/assets/%0d%0aSet-Cookie:x=1",
    "/../secret.txt",
    "/%2e%2e/secret.txt",
    "/secret.txt",
    "/robots.txt",
    "/index.html",
  };
  for (const auto& target : targets) {
    auto r = get(target);
    EXPECT_TRUE(r.status == 404u || r.status == 400u) << target << " -> " << r.status << " " << r.body;
    EXPECT_EQ(r.body.find(secret), std::string::npos) << target;
    EXPECT_EQ(r.body.find("root:"), std::string::npos) << target;
    EXPECT_EQ(r.headers.count("set-cookie"), 0u) << target;
  }
  // Bytes no client library would send: a backslash, a NUL, a raw CR, an absolute URL.
  for (const std::string& line : std::vector<std::string>{
         "GET /console/assets/..\\..\\secret.txt HTTP/1.1", "GET /console/assets\\..\\..\\secret.txt HTTP/1.1",
         std::string("GET /console/assets/app-1a2b.js") + '\0' + "/../../secret.txt HTTP/1.1",
         "GET http://127.0.0.1/console/assets/../../secret.txt HTTP/1.1",
         "GET /console/assets/../../secret.txt HTTP/1.0", "GET ../secret.txt HTTP/1.1", "GET * HTTP/1.1",
         "GET /console/assets/\x01.js HTTP/1.1"}) {
    auto answer = site.client->raw_exchange(line + "\r\nHost: x\r\nConnection: close\r\n\r\n");
    EXPECT_TRUE(answer.empty() || answer.rfind("HTTP/1.1 4", 0) == 0 || answer.rfind("HTTP/1.0 4", 0) == 0)
      << line << " -> " << answer.substr(0, 200);
    EXPECT_EQ(answer.find(secret), std::string::npos) << line;
  }
}

TEST_P(static_files_test, api_paths_are_untouched) {
  EXPECT_EQ(get("/api/v1/ping").status, 200u);
  auto unknown = get("/api/v1/nothing");
  EXPECT_EQ(unknown.status, 404u);
  EXPECT_EQ(unknown.headers.count("content-security-policy"), 0u);
  EXPECT_EQ(site.client->request("POST", "/api/v1/ping", "{}").status, 405u);
  EXPECT_EQ(get("/consoles").status, 404u);
  EXPECT_EQ(get("/console.js").status, 404u);
}

TEST(static_files, a_missing_console_answers_503_console_unavailable_and_the_api_still_works) {
  console_tree tree;
  for (const fs::path& dir : {tree.root / "no-such-dir", tree.root / "outside"}) { // the second has no index.html
    auto files = http::static_files::load(dir);
    EXPECT_FALSE(files.available());
    console_site site{std::move(files), true};
    for (const char* target : {"/", "/console/wizard?connection=1", "/console/assets/app-1a2b.js"}) {
      auto r = site.client->get(target);
      EXPECT_EQ(r.status, 503u) << target;
      EXPECT_TRUE(is_error(r, "console_unavailable")) << r.body;
      EXPECT_NE(r.body.find("UPSYNC_CONSOLE_DIR"), std::string::npos) << r.body;
      EXPECT_EQ(r.headers["cache-control"], "no-store");
    }
    EXPECT_EQ(site.client->request("POST", "/").status, 405u);
    EXPECT_EQ(site.client->get("/api/v1/ping").status, 200u);
  }
}

TEST(static_files, files_beyond_the_limits_are_left_out) {
  console_tree tree;
  write_file(tree.dir / "assets" / "big.js", std::string(4096, 'b'));
  http::static_files_limits limits;
  limits.file_bytes = 1024;
  auto files = http::static_files::load(tree.dir, limits);
  ASSERT_TRUE(files.available());
  EXPECT_EQ(files.answer(bhttp::verb::get, "/console/assets/big.js")->response.status, 404u);
  EXPECT_EQ(files.answer(bhttp::verb::get, "/console/assets/app-1a2b.js")->response.status, 200u);
  // The symlinks out and the hidden files were never read.
  for (const char* name : {"leak.js", "passwd.js", "out/secret.js", ".env", ".git/config"})
    EXPECT_EQ(files.answer(bhttp::verb::get, std::string{"/console/assets/"} + name)->response.status, 404u) << name;
  EXPECT_LT(files.bytes(), 2048u);
}

TEST(console_paths, classify_the_root_client_routes_assets_and_the_api) {
  using k = http::console_target;
  auto kind = [](std::string_view p) { return http::classify_console_path(p).kind; };
  for (const char* p : {"/", "/console", "/console/", "/console/wizard", "/console/wizard/mapping", "/console/assets"})
    EXPECT_EQ(kind(p), k::index) << p;
  EXPECT_EQ(http::classify_console_path("/console/assets/app-1.js").kind, k::asset);
  EXPECT_EQ(http::classify_console_path("/console/assets/app-1.js").name, "app-1.js");
  EXPECT_EQ(http::classify_console_path("/console/assets/a/b.css").name, "a/b.css");
  for (const char* p :
       {"", "/api/v1/me", "/healthz", "/metrics", "/consoles", "/console.js", "//console", "/index.html", "/Console"})
    EXPECT_EQ(kind(p), k::api) << p;
  for (std::string p : {"/console/favicon.ico", "/console/..", "/console/../x", "/console/./x", "/console//x",
                        "/console/assets/", "/console/assets/a/", "/console/assets/../x", "/console/assets/.env",
                        "/console/a\\b", "/console/assets/a\\..\\b.js", "/console/x\x7f", "/console/x\ty"})
    EXPECT_EQ(kind(p), k::not_found) << p;
  EXPECT_EQ(kind(std::string("/console/assets/a.js") + '\0' + "b"), k::not_found);
}

TEST(console_paths, content_types_by_extension) {
  EXPECT_EQ(http::content_type_for("index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(http::content_type_for("a/app-1.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(http::content_type_for("app.css"), "text/css; charset=utf-8");
  EXPECT_EQ(http::content_type_for("x.woff2"), "font/woff2");
  EXPECT_EQ(http::content_type_for("README"), "application/octet-stream");
  EXPECT_EQ(http::content_type_for("dir.js/README"), "application/octet-stream");
  EXPECT_EQ(http::content_type_for("x.exe"), "application/octet-stream");
}
