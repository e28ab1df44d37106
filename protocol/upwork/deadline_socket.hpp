// A connected, non-blocking TCP socket as a Beast SyncReadStream/SyncWriteStream that
// waits for readiness with poll() against one deadline for the whole exchange.
//
// The plain-HTTP exchange (loopback: the simulator, load tests against it) runs on this
// instead of the io_context: a request costs a send, a poll and a receive, where running
// the io_context for each stage of the exchange re-armed its timer and polled epoll around
// every step — about sixteen system calls a request, most of the client's CPU in a
// benchmark. TLS exchanges (the real Upwork, a few requests a second) keep the io_context.
#pragma once

#include <boost/asio/error.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/system/system_error.hpp>

#include <chrono>
#include <cstddef>

namespace upsync::upwork {

class deadline_socket {
public:
  /// `socket` must be in non-blocking mode (`socket.non_blocking(true)`).
  deadline_socket(boost::asio::ip::tcp::socket& socket, std::chrono::steady_clock::time_point deadline)
      : socket_(socket), deadline_(deadline) {}

  template <class MutableBuffers>
  std::size_t read_some(const MutableBuffers& buffers, boost::system::error_code& ec) {
    // Right after a write the answer is not there yet: wait first rather than try a read
    // that would only say so.
    if (answer_pending_ && !wait(readable, ec))
      return 0;
    answer_pending_ = false;
    return when_ready(readable, ec, [&] { return socket_.read_some(buffers, ec); });
  }

  template <class ConstBuffers>
  std::size_t write_some(const ConstBuffers& buffers, boost::system::error_code& ec) {
    answer_pending_ = true;
    return when_ready(writable, ec, [&] { return socket_.write_some(buffers, ec); });
  }

  template <class MutableBuffers>
  std::size_t read_some(const MutableBuffers& buffers) {
    boost::system::error_code ec;
    auto n = read_some(buffers, ec);
    if (ec)
      throw boost::system::system_error{ec};
    return n;
  }

  template <class ConstBuffers>
  std::size_t write_some(const ConstBuffers& buffers) {
    boost::system::error_code ec;
    auto n = write_some(buffers, ec);
    if (ec)
      throw boost::system::system_error{ec};
    return n;
  }

private:
  enum readiness { readable, writable };
  /// False, with `ec` set (beast::error::timeout past the deadline), when the socket did
  /// not become ready.
  bool wait(readiness what, boost::system::error_code& ec);

  /// Runs `io` (which sets `ec`) until it does not say "would block", waiting for `what`
  /// in between.
  template <class Io>
  std::size_t when_ready(readiness what, boost::system::error_code& ec, Io io) {
    for (;;) {
      auto n = io();
      if (ec != boost::asio::error::would_block)
        return n;
      if (!wait(what, ec))
        return 0;
    }
  }

  boost::asio::ip::tcp::socket& socket_;
  std::chrono::steady_clock::time_point deadline_;
  bool answer_pending_ = false;
};

} // namespace upsync::upwork
