// Blocking HTTP/1.1 over Asio with deadlines: connecting and TLS exchanges run the
// client's io_context; plain exchanges wait with poll() (deadline_socket.hpp).
#include "protocol/upwork/beast_http_client.hpp"

#include "protocol/upwork/deadline_socket.hpp"
#include "protocol/upwork/url.hpp"

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <map>
#include <mutex>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

namespace upsync::upwork {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;

namespace {

struct connection {
  std::unique_ptr<beast::tcp_stream> plain;
  std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> tls;
  beast::flat_buffer buffer;

  beast::tcp_stream& tcp() { return tls ? beast::get_lowest_layer(*tls) : *plain; }
  void close() {
    error_code ignored;
    tcp().socket().shutdown(tcp::socket::shutdown_both, ignored);
    tcp().socket().close(ignored);
  }
};

/// What went wrong in one exchange, before it becomes an `error`.
struct failure {
  error_code ec;
  const char* stage;
  bool got_bytes = false; ///< some of the answer had arrived
};

bool is_stale_connection_error(const error_code& ec) {
  return ec == http::error::end_of_stream || ec == asio::error::eof || ec == asio::error::connection_reset
         || ec == asio::error::broken_pipe || ec == asio::error::connection_aborted
         || ec == asio::ssl::error::stream_truncated;
}

bool is_ip_literal(const std::string& host) {
  error_code ec;
  asio::ip::make_address(host, ec);
  return !ec;
}

} // namespace

struct beast_http_client::impl {
  http_client_options opts;
  asio::io_context ioc{1};
  asio::ssl::context ssl_ctx{asio::ssl::context::tls_client};
  std::optional<std::string> ssl_setup_error;
  std::map<std::string, std::unique_ptr<connection>> idle;
  std::mutex mutex;
  std::atomic<std::uint64_t> opened{0};

  explicit impl(http_client_options o) : opts(std::move(o)) {
    error_code ec;
    SSL_CTX_set_min_proto_version(ssl_ctx.native_handle(), TLS1_2_VERSION);
    ssl_ctx.set_verify_mode(asio::ssl::verify_peer, ec);
    if (!ec)
      ssl_ctx.set_default_verify_paths(ec);
    if (!ec && !opts.ca_file.empty())
      ssl_ctx.load_verify_file(opts.ca_file, ec);
    if (ec)
      ssl_setup_error = "TLS set-up: " + ec.message();
  }

  /// Runs the io_context until `done`, then flushes handlers of cancelled helpers.
  void run_until(const bool& done) {
    ioc.restart();
    while (!done && ioc.run_one() > 0) {
    }
    while (ioc.poll_one() > 0) {
    }
  }

  std::optional<failure> connect(connection& c, const url& u) {
    tcp::resolver resolver{ioc};
    asio::steady_timer timer{ioc};
    bool done = false;
    error_code ec;
    tcp::resolver::results_type endpoints;
    timer.expires_after(opts.connect_timeout);
    bool timed_out = false;
    timer.async_wait([&](error_code e) {
      if (!e) {
        timed_out = true;
        resolver.cancel();
      }
    });
    resolver.async_resolve(u.host, u.port, [&](error_code e, tcp::resolver::results_type r) {
      ec = e;
      endpoints = std::move(r);
      done = true;
      timer.cancel();
    });
    run_until(done);
    if (timed_out)
      return failure{beast::error::timeout, "resolve"};
    if (ec)
      return failure{ec, "resolve"};

    auto& stream = c.tcp();
    stream.expires_after(opts.connect_timeout);
    done = false;
    stream.async_connect(endpoints, [&](error_code e, const tcp::endpoint&) {
      ec = e;
      done = true;
    });
    run_until(done);
    if (ec)
      return failure{ec, "connect"};
    ++opened;
    stream.socket().set_option(tcp::no_delay{true}, ec);
    if (!c.tls) {
      // For deadline_socket; the io_context never runs on this socket again.
      stream.socket().non_blocking(true, ec);
      if (ec)
        return failure{ec, "connect"};
    }

    if (c.tls) {
      SSL* ssl = c.tls->native_handle();
      X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
      X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
      if (is_ip_literal(u.host)) {
        X509_VERIFY_PARAM_set1_ip_asc(param, u.host.c_str());
      } else {
        // SNI, and the certificate must name this host.
        SSL_set_tlsext_host_name(ssl, u.host.c_str());
        SSL_set1_host(ssl, u.host.c_str());
      }
      done = false;
      c.tls->async_handshake(asio::ssl::stream_base::client, [&](error_code e) {
        ec = e;
        done = true;
      });
      run_until(done);
      if (ec)
        return failure{ec, "tls handshake"};
    }
    stream.expires_never();
    return std::nullopt;
  }

  template <class Stream>
  std::optional<failure> exchange(Stream& stream, connection& c, http::request<http::string_body>& req,
                                  http::response_parser<http::string_body>& parser) {
    c.tcp().expires_after(opts.request_timeout);
    bool done = false;
    error_code ec;
    http::async_write(stream, req, [&](error_code e, std::size_t) {
      ec = e;
      done = true;
    });
    run_until(done);
    if (ec)
      return failure{ec, "write"};
    // Header first: Beast 1.74 skips the body limit when header and body arrive in one
    // buffer (eager parsing), so a declared length is checked here before the body is read.
    done = false;
    http::async_read_header(stream, c.buffer, parser, [&](error_code e, std::size_t) {
      ec = e;
      done = true;
    });
    run_until(done);
    if (ec)
      return failure{ec, "read", parser.got_some()};
    if (auto len = parser.content_length(); len && *len > opts.max_body_bytes)
      return failure{http::error::body_limit, "read", true};
    done = false;
    http::async_read(stream, c.buffer, parser, [&](error_code e, std::size_t) {
      ec = e;
      done = true;
    });
    run_until(done);
    c.tcp().expires_never();
    if (ec)
      return failure{ec, "read", true};
    if (parser.get().body().size() > opts.max_body_bytes)
      return failure{http::error::body_limit, "read", true};
    return std::nullopt;
  }

  // The exchange above, for a plain connection: the same stages and checks, on
  // deadline_socket instead of the io_context.
  std::optional<failure> exchange_plain(connection& c, http::request<http::string_body>& req,
                                        http::response_parser<http::string_body>& parser) {
    deadline_socket stream{c.plain->socket(), std::chrono::steady_clock::now() + opts.request_timeout};
    error_code ec;
    http::write(stream, req, ec);
    if (ec)
      return failure{ec, "write"};
    http::read_header(stream, c.buffer, parser, ec);
    if (ec)
      return failure{ec, "read", parser.got_some()};
    if (auto len = parser.content_length(); len && *len > opts.max_body_bytes)
      return failure{http::error::body_limit, "read", true};
    http::read(stream, c.buffer, parser, ec);
    if (ec)
      return failure{ec, "read", true};
    if (parser.get().body().size() > opts.max_body_bytes)
      return failure{http::error::body_limit, "read", true};
    return std::nullopt;
  }

  result<http_response> send_once(const url& u, const http_request& request, bool& retry_stale) {
    retry_stale = false;
    const std::string key = u.origin();
    std::unique_ptr<connection> c;
    bool reused = false;
    if (auto it = idle.find(key); it != idle.end()) {
      c = std::move(it->second);
      idle.erase(it);
      reused = true;
    } else {
      c = std::make_unique<connection>();
      if (u.https)
        c->tls = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(ioc, ssl_ctx);
      else
        c->plain = std::make_unique<beast::tcp_stream>(ioc);
      if (auto f = connect(*c, u)) {
        c->close();
        return to_error(*f, u);
      }
    }

    http::request<http::string_body> req;
    const auto verb = http::string_to_verb(request.method);
    if (verb == http::verb::unknown)
      return make_error(error_kind::config, "unsupported HTTP method " + request.method);
    req.method(verb);
    req.target(u.target);
    req.version(11);
    req.set(http::field::host, u.host_header());
    req.set(http::field::user_agent, opts.user_agent);
    for (const auto& h : request.headers)
      req.set(h.name, h.value);
    req.body() = request.body;
    req.keep_alive(true);
    req.prepare_payload();

    http::response_parser<http::string_body> parser;
    parser.body_limit(opts.max_body_bytes);
    parser.header_limit(64 * 1024);
    c->buffer.clear();
    std::optional<failure> f = c->tls ? exchange(*c->tls, *c, req, parser) : exchange_plain(*c, req, parser);
    if (f) {
      c->close();
      // A kept-alive connection the server had already closed: nothing of the answer came,
      // so the request is sent again once on a new connection.
      if (reused && !f->got_bytes && is_stale_connection_error(f->ec)) {
        retry_stale = true;
        return make_error(error_kind::retryable, "stale keep-alive connection");
      }
      return to_error(*f, u);
    }
    auto msg = parser.release();
    http_response out;
    out.status = static_cast<int>(msg.result_int());
    for (const auto& field : msg)
      out.headers.push_back(http_header{std::string{field.name_string()}, std::string{field.value()}});
    out.body = std::move(msg.body());
    if (msg.keep_alive() && !msg.need_eof())
      idle[key] = std::move(c);
    else
      c->close();
    return out;
  }

  error to_error(const failure& f, const url& u) const {
    const std::string where = std::string{f.stage} + " " + u.origin() + ": ";
    if (f.ec == beast::error::timeout)
      return make_error(error_kind::retryable, where + "timeout");
    if (f.ec == http::error::body_limit)
      return make_error(error_kind::permanent,
                        where + "response body larger than " + std::to_string(opts.max_body_bytes) + " bytes");
    if (f.ec == http::error::header_limit)
      return make_error(error_kind::permanent, where + "response header too large");
    if (std::string_view{f.stage} == "tls handshake" && f.ec.category() == asio::error::get_ssl_category())
      return make_error(error_kind::permanent, where + f.ec.message());
    if (f.ec.category() == error_code{http::error::bad_version}.category() && f.ec != http::error::end_of_stream
        && f.ec != http::error::partial_message)
      return make_error(error_kind::malformed, where + f.ec.message());
    return make_error(error_kind::retryable, where + f.ec.message());
  }
};

beast_http_client::beast_http_client(http_client_options options) : impl_(std::make_unique<impl>(std::move(options))) {}

beast_http_client::~beast_http_client() { close_idle(); }

result<http_response> beast_http_client::send(const http_request& request) {
  std::lock_guard lock{impl_->mutex};
  auto u = parse_url(request.url);
  if (!u)
    return make_error(error_kind::config, "invalid URL: " + request.url.substr(0, 200));
  if (!u->https && !u->is_loopback() && !impl_->opts.allow_plain_http_remote)
    return make_error(error_kind::config, "plain http is allowed for loopback only: " + u->origin());
  for (const auto& h : request.headers) {
    // A CR or LF would end the header early: refuse rather than send a forged header.
    if (h.name.empty() || h.name.find_first_of(":\r\n") != std::string::npos
        || h.value.find_first_of(std::string_view{"\r\n\0", 3}) != std::string::npos)
      return make_error(error_kind::config, "invalid HTTP header " + h.name.substr(0, 40));
  }
  if (u->https && impl_->ssl_setup_error)
    return make_error(error_kind::config, *impl_->ssl_setup_error);
  bool retry_stale = false;
  auto r = impl_->send_once(*u, request, retry_stale);
  if (retry_stale)
    r = impl_->send_once(*u, request, retry_stale);
  return r;
}

std::uint64_t beast_http_client::connections_opened() const { return impl_->opened.load(); }

void beast_http_client::close_idle() {
  std::lock_guard lock{impl_->mutex};
  for (auto& [key, c] : impl_->idle)
    c->close();
  impl_->idle.clear();
}

} // namespace upsync::upwork
