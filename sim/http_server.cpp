// The Beast server: an acceptor and one session object per connection.
#include "sim/http_server.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <optional>
#include <spdlog/spdlog.h>

namespace upsync::sim {

namespace beast = boost::beast;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

constexpr std::size_t body_limit = 4 * 1024 * 1024;
constexpr auto idle_timeout = std::chrono::seconds(60);

class session : public std::enable_shared_from_this<session> {
public:
  session(tcp::socket&& socket, std::shared_ptr<const http_server::handler> h)
      : stream_(std::move(socket)), timer_(stream_.get_executor()), handler_(std::move(h)) {
    beast::error_code ec;
    auto ep = stream_.socket().remote_endpoint(ec);
    remote_ = ec ? "?" : ep.address().to_string();
    stream_.socket().set_option(tcp::no_delay(true), ec);
  }

  void run() { asio::dispatch(stream_.get_executor(), beast::bind_front_handler(&session::read, shared_from_this())); }

private:
  void read() {
    parser_.emplace();
    parser_->body_limit(body_limit);
    parser_->header_limit(64 * 1024);
    stream_.expires_after(idle_timeout);
    http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&session::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec == http::error::end_of_stream) {
      stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
      return;
    }
    if (ec)
      return; // timeouts, resets and bad requests close the connection
    reply_ = (*handler_)(parser_->release(), remote_);
    if (reply_.delay.count() > 0) {
      timer_.expires_after(reply_.delay);
      timer_.async_wait(beast::bind_front_handler(&session::on_delay, shared_from_this()));
    } else {
      write();
    }
  }

  void on_delay(beast::error_code) { write(); }

  void write() {
    stream_.expires_after(idle_timeout);
    http::async_write(stream_, reply_.res, beast::bind_front_handler(&session::on_write, shared_from_this()));
  }

  void on_write(beast::error_code ec, std::size_t) {
    if (ec)
      return;
    if (!reply_.res.keep_alive()) {
      stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
      return;
    }
    reply_ = {};
    read();
  }

  beast::tcp_stream stream_;
  asio::steady_timer timer_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  reply reply_;
  std::shared_ptr<const http_server::handler> handler_;
  std::string remote_;
};

} // namespace

struct http_server::acceptor_state : std::enable_shared_from_this<acceptor_state> {
  acceptor_state(asio::io_context& io, handler h)
      : ioc(io), acceptor(asio::make_strand(io)), on_request(std::make_shared<const handler>(std::move(h))) {}

  void accept() {
    acceptor.async_accept(asio::make_strand(ioc),
                          [self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
                            if (ec == asio::error::operation_aborted || !self->acceptor.is_open())
                              return;
                            if (!ec)
                              std::make_shared<session>(std::move(socket), self->on_request)->run();
                            self->accept();
                          });
  }

  asio::io_context& ioc;
  tcp::acceptor acceptor;
  std::shared_ptr<const handler> on_request;
};

http_server::http_server(asio::io_context& ioc, handler h)
    : state_(std::make_shared<acceptor_state>(ioc, std::move(h))) {}

http_server::~http_server() { close(); }

unsigned short http_server::listen(const std::string& host, unsigned short port) {
  tcp::endpoint ep{asio::ip::make_address(host), port};
  auto& a = state_->acceptor;
  a.open(ep.protocol());
  a.set_option(asio::socket_base::reuse_address(true));
  a.bind(ep);
  a.listen(asio::socket_base::max_listen_connections);
  state_->accept();
  return a.local_endpoint().port();
}

void http_server::close() {
  auto s = state_;
  asio::post(s->acceptor.get_executor(), [s] {
    beast::error_code ec;
    s->acceptor.close(ec);
  });
}

} // namespace upsync::sim
