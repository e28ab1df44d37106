// Scripted loopback HTTP(S) server: blocking Beast, a thread per connection.
#include "test_server.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <fstream>
#include <list>
#include <sstream>
#include <strings.h>

namespace upsync::upwork::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

std::string seen_request::header(const std::string& name) const {
  for (const auto& [k, v] : headers)
    if (strcasecmp(k.c_str(), name.c_str()) == 0)
      return v;
  return {};
}

std::string fixture_dir() { return UPSYNC_PROTOCOL_FIXTURES; }

std::string read_fixture(const std::string& name) {
  std::ifstream in{fixture_dir() + "/" + name, std::ios::binary};
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct test_server::impl {
  handler h;
  asio::io_context ioc;
  tcp::acceptor acceptor{ioc};
  std::unique_ptr<asio::ssl::context> ssl;
  std::thread accept_thread;
  std::mutex mutex;
  std::vector<seen_request> seen;
  std::list<std::thread> workers;
  std::list<std::shared_ptr<tcp::socket>> sockets;
  std::atomic<bool> stopping{false};

  template <class Stream>
  void serve(Stream& stream, std::uint64_t conn_no) {
    beast::flat_buffer buffer;
    for (;;) {
      http::request<http::string_body> req;
      beast::error_code ec;
      http::read(stream, buffer, req, ec);
      if (ec)
        return;
      seen_request s;
      s.method = std::string{req.method_string()};
      s.target = std::string{req.target()};
      for (const auto& f : req)
        s.headers.emplace_back(std::string{f.name_string()}, std::string{f.value()});
      s.body = req.body();
      s.connection = conn_no;
      {
        std::lock_guard lock{mutex};
        seen.push_back(s);
      }
      scripted_reply r = h(s);
      if (r.delay.count() > 0)
        std::this_thread::sleep_for(r.delay);
      if (r.drop)
        return;
      if (!r.raw.empty()) {
        boost::asio::write(stream, boost::asio::buffer(r.raw), ec);
        return;
      }
      http::response<http::string_body> res{static_cast<http::status>(r.status), 11};
      res.set(http::field::server, "upsync-test");
      res.set(http::field::content_type, "application/json");
      for (const auto& [k, v] : r.headers)
        res.set(k, v);
      res.body() = r.body;
      res.keep_alive(!r.close_after && req.keep_alive());
      if (r.chunked)
        res.chunked(true);
      else
        res.prepare_payload();
      http::write(stream, res, ec);
      if (ec || r.close_after || !req.keep_alive())
        return;
    }
  }

  void run_connection(std::shared_ptr<tcp::socket> sock, std::uint64_t conn_no) {
    if (ssl) {
      asio::ssl::stream<tcp::socket&> stream{*sock, *ssl};
      beast::error_code ec;
      stream.handshake(asio::ssl::stream_base::server, ec);
      if (!ec)
        serve(stream, conn_no);
    } else {
      serve(*sock, conn_no);
    }
    beast::error_code ignored;
    sock->shutdown(tcp::socket::shutdown_both, ignored);
    sock->close(ignored);
  }
};

test_server::test_server(handler h, std::string tls_cert, std::string tls_key)
    : impl_(std::make_unique<impl>()), tls_(!tls_cert.empty()) {
  impl_->h = std::move(h);
  if (tls_) {
    impl_->ssl = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
    impl_->ssl->use_certificate_chain_file(tls_cert);
    impl_->ssl->use_private_key_file(tls_key, asio::ssl::context::pem);
  }
  tcp::endpoint ep{asio::ip::make_address("127.0.0.1"), 0};
  impl_->acceptor.open(ep.protocol());
  impl_->acceptor.set_option(tcp::acceptor::reuse_address(true));
  impl_->acceptor.bind(ep);
  impl_->acceptor.listen();
  port_ = impl_->acceptor.local_endpoint().port();
  impl_->accept_thread = std::thread([this] {
    for (;;) {
      auto sock = std::make_shared<tcp::socket>(impl_->ioc);
      beast::error_code ec;
      impl_->acceptor.accept(*sock, ec);
      if (ec || impl_->stopping)
        return;
      const auto n = ++connections_;
      std::lock_guard lock{impl_->mutex};
      impl_->sockets.push_back(sock);
      impl_->workers.emplace_back([this, sock, n] { impl_->run_connection(sock, n); });
    }
  });
}

test_server::~test_server() {
  impl_->stopping = true;
  beast::error_code ec;
  // Wake the blocking accept with a connection of our own, then close.
  {
    tcp::socket poke{impl_->ioc};
    poke.connect(impl_->acceptor.local_endpoint(), ec);
  }
  impl_->accept_thread.join();
  impl_->acceptor.close(ec);
  std::list<std::thread> workers;
  {
    std::lock_guard lock{impl_->mutex};
    for (auto& s : impl_->sockets)
      s->shutdown(tcp::socket::shutdown_both, ec);
    workers.swap(impl_->workers);
  }
  for (auto& t : workers)
    t.join();
}

std::string test_server::url(const std::string& path) const {
  return std::string{tls_ ? "https" : "http"} + "://127.0.0.1:" + std::to_string(port_) + path;
}

std::vector<seen_request> test_server::requests() const {
  std::lock_guard lock{impl_->mutex};
  return impl_->seen;
}

} // namespace upsync::upwork::testing
