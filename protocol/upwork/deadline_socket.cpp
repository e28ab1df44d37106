#include "protocol/upwork/deadline_socket.hpp"

#include <cerrno>
#include <poll.h>

namespace upsync::upwork {

bool deadline_socket::wait(readiness what, boost::system::error_code& ec) {
  using namespace std::chrono;
  pollfd p{};
  p.fd = socket_.native_handle();
  p.events = what == readable ? POLLIN : POLLOUT;
  for (;;) {
    auto left = duration_cast<milliseconds>(deadline_ - steady_clock::now() + 999us).count();
    if (left <= 0) {
      ec = boost::beast::error::timeout;
      return false;
    }
    int ready = ::poll(&p, 1, static_cast<int>(left));
    if (ready > 0) {
      // Errors and hang-ups are reported by the read or write that follows.
      ec = {};
      return true;
    }
    if (ready < 0 && errno != EINTR) {
      ec.assign(errno, boost::system::system_category());
      return false;
    }
  }
}

} // namespace upsync::upwork
