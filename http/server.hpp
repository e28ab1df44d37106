// The HTTP/1.1 server: Beast sessions on an io_context, handlers on a worker pool so that
// blocking database work never stalls the network threads.
#pragma once

#include "http/message.hpp"

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace upsync::http {

/// Produces the answer to one request. Runs on a worker thread; may block.
using request_handler = std::function<response(request&&)>;

/// Answers a request on the network thread when it can at once, without blocking (e.g.
/// from memory); nullopt hands the request to a worker and the request_handler as usual.
using quick_handler = std::function<std::optional<response>(const request&)>;

struct server_options {
  std::string address = "127.0.0.1";
  unsigned short port = 8080; ///< 0 picks a free port; see server::port()
  std::size_t io_threads = 1;
  std::size_t worker_threads = 8;
  std::size_t header_limit = 16 * 1024;
  std::size_t body_limit = 1024 * 1024;
  /// A request must arrive completely within this time (slow clients are cut off), and
  /// an idle keep-alive connection is closed after it.
  std::chrono::seconds read_timeout{30};
  std::chrono::seconds write_timeout{30};
  std::size_t max_connections = 10'000;
  /// How long stop() waits for in-flight requests before closing them anyway.
  std::chrono::seconds drain_timeout{30};
};

class server {
public:
  server(server_options options, request_handler handler, quick_handler quick = {});
  ~server();
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  /// Binds, listens and starts the io and worker threads; returns at once. Throws when
  /// the address cannot be bound.
  void start();

  /// The bound port (useful when the options asked for port 0).
  unsigned short port() const;

  /// Graceful shutdown: stop accepting, close idle connections, let in-flight requests
  /// finish and answer (with `Connection: close`), then stop the threads.
  void stop();

  /// Connections currently open.
  std::size_t connections() const;

  struct impl; // public so the per-connection sessions in server.cpp can reach it

private:
  std::unique_ptr<impl> impl_;
};

} // namespace upsync::http
