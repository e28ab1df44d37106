// An asynchronous Beast HTTP/1.1 server with keep-alive, serving one handler.
#pragma once

#include "sim/http_types.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <functional>
#include <memory>
#include <string>

namespace upsync::sim {

/// Accepts connections and runs each as a session on its own strand. The handler runs on
/// an io thread and must not block; a reply's delay is waited for with a timer.
class http_server {
public:
  using handler = std::function<reply(http_request&&, const std::string& remote_ip)>;

  http_server(boost::asio::io_context& ioc, handler h);
  ~http_server();

  /// Binds (port 0 picks a free one) and starts accepting. Returns the bound port.
  unsigned short listen(const std::string& host, unsigned short port);
  /// Stops accepting; open sessions end with their io_context.
  void close();

private:
  struct acceptor_state;
  std::shared_ptr<acceptor_state> state_;
};

} // namespace upsync::sim
