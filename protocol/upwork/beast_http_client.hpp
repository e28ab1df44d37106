// A blocking HTTP/1.1 client on Boost.Beast: keep-alive, verified TLS, timeouts, size limit.
#pragma once

#include "protocol/upwork/http_transport.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace upsync::upwork {

struct http_client_options {
  /// Name resolution, TCP connect and TLS handshake together.
  std::chrono::milliseconds connect_timeout{10000};
  /// Writing the request and reading the whole answer.
  std::chrono::milliseconds request_timeout{30000};
  /// Answers with a larger body fail (`permanent`) without being read further.
  std::size_t max_body_bytes = 32u << 20;
  /// An extra PEM bundle of trusted CAs (self-hosted simulators, tests); the system's
  /// trust store is always loaded.
  std::string ca_file;
  /// Plain http:// is refused for anything but loopback unless this is set: access tokens
  /// must not cross a network in clear text.
  bool allow_plain_http_remote = false;
  std::string user_agent = "upsync/0.1";
};

/// Blocking client: each send() completes one exchange within its deadlines — on the
/// client's own io_context for connecting and TLS, with poll() on a plain connection. Keeps one idle connection per
/// origin and reuses it; a reused connection that the server had closed is retried once on a fresh one. Thread-safe
/// (calls are serialized); give each fetcher thread its own client for parallel requests.
class beast_http_client : public http_transport {
public:
  explicit beast_http_client(http_client_options options = {});
  ~beast_http_client() override;
  beast_http_client(const beast_http_client&) = delete;
  beast_http_client& operator=(const beast_http_client&) = delete;

  result<http_response> send(const http_request& request) override;

  /// TCP connections opened so far (keep-alive tests and metrics).
  std::uint64_t connections_opened() const;
  /// Drops idle connections.
  void close_idle();

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace upsync::upwork
