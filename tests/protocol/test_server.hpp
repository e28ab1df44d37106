// A tiny scripted HTTP(S) server on loopback for the client's HTTP-level tests.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace upsync::upwork::testing {

/// What the server saw of one request.
struct seen_request {
  std::string method;
  std::string target;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::uint64_t connection = 0; ///< 1-based number of the TCP connection it came on

  std::string header(const std::string& name) const;
};

/// How to answer one request.
struct scripted_reply {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds delay{0}; ///< wait before answering (timeouts)
  bool close_after = false;           ///< close the connection after answering
  bool drop = false;                  ///< close without answering
  bool chunked = false;               ///< send the body chunked, without Content-Length
  std::string raw;                    ///< when set: these bytes verbatim instead of a response, then close
};

/// A plain answer: status, headers, body.
inline scripted_reply make_reply(int status, std::vector<std::pair<std::string, std::string>> headers,
                                 std::string body) {
  scripted_reply r;
  r.status = status;
  r.headers = std::move(headers);
  r.body = std::move(body);
  return r;
}

/// Serves 127.0.0.1 on an ephemeral port, one thread per connection, answering each
/// request with `handler`. With `tls_cert`/`tls_key` (PEM files) it speaks HTTPS.
class test_server {
public:
  using handler = std::function<scripted_reply(const seen_request&)>;

  explicit test_server(handler h, std::string tls_cert = {}, std::string tls_key = {});
  ~test_server();
  test_server(const test_server&) = delete;
  test_server& operator=(const test_server&) = delete;

  std::uint16_t port() const { return port_; }
  /// "http://127.0.0.1:<port><path>" (https when TLS).
  std::string url(const std::string& path = "/") const;
  std::vector<seen_request> requests() const;
  std::uint64_t connections() const { return connections_.load(); }

private:
  struct impl;
  std::unique_ptr<impl> impl_;
  std::uint16_t port_ = 0;
  bool tls_ = false;
  std::atomic<std::uint64_t> connections_{0};
};

/// The directory of the committed fixtures.
std::string fixture_dir();
/// Reads fixture `name` (relative to fixture_dir()).
std::string read_fixture(const std::string& name);

} // namespace upsync::upwork::testing
