#include "tests/support/http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>

namespace upsync::testing {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;

struct http_client::impl {
  net::io_context ioc;
  std::string host;
  unsigned short port;
  std::unique_ptr<beast::tcp_stream> stream;
  beast::flat_buffer buffer;

  void connect() {
    stream = std::make_unique<beast::tcp_stream>(ioc);
    stream->connect(tcp::endpoint{net::ip::make_address(host), port});
    buffer.clear();
  }
};

http_client::http_client(unsigned short port, std::string host) : impl_(std::make_unique<impl>()) {
  impl_->host = std::move(host);
  impl_->port = port;
}

http_client::~http_client() = default;

http_reply http_client::request(const std::string& method, const std::string& target, const std::string& body,
                                const std::map<std::string, std::string>& headers) {
  bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(method), target, 11};
  req.set(bhttp::field::host, impl_->host);
  for (const auto& [name, value] : headers)
    req.set(name, value);
  if (!body.empty() && req[bhttp::field::content_type].empty())
    req.set(bhttp::field::content_type, "application/json");
  req.body() = body;
  req.prepare_payload();

  for (int attempt = 0;; ++attempt) {
    if (!impl_->stream)
      impl_->connect();
    beast::error_code ec;
    bhttp::write(*impl_->stream, req, ec);
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    parser.skip(req.method() == bhttp::verb::head); // its Content-Length announces no body
    if (!ec)
      bhttp::read(*impl_->stream, impl_->buffer, parser, ec);
    if (ec) {
      impl_->stream.reset(); // the server closed a kept-alive connection: retry once fresh
      if (attempt == 0)
        continue;
      throw beast::system_error{ec};
    }
    auto res = parser.release();
    http_reply reply;
    reply.status = res.result_int();
    reply.body = res.body();
    reply.keep_alive = res.keep_alive();
    for (const auto& field : res) {
      std::string name{field.name_string()};
      for (auto& c : name)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      reply.headers[name] = std::string{field.value()};
    }
    if (!reply.keep_alive)
      impl_->stream.reset();
    return reply;
  }
}

namespace {
std::map<std::string, std::string> bearer(const std::string& token) {
  if (token.empty())
    return {};
  return {{"Authorization", "Bearer " + token}};
}
} // namespace

http_reply http_client::get(const std::string& target, const std::string& token) {
  return request("GET", target, "", bearer(token));
}
http_reply http_client::post(const std::string& target, const std::string& body, const std::string& token) {
  return request("POST", target, body, bearer(token));
}
http_reply http_client::patch(const std::string& target, const std::string& body, const std::string& token) {
  return request("PATCH", target, body, bearer(token));
}
http_reply http_client::del(const std::string& target, const std::string& token) {
  return request("DELETE", target, "", bearer(token));
}

std::string http_client::raw_exchange(const std::string& bytes) {
  impl_->connect();
  beast::error_code ec;
  // The server may answer and stop reading before all bytes are sent: keep what it said.
  net::write(impl_->stream->socket(), net::buffer(bytes), ec);
  ec = {};
  std::string out;
  char chunk[4096];
  for (;;) {
    std::size_t n = impl_->stream->socket().read_some(net::buffer(chunk), ec);
    if (ec)
      break;
    out.append(chunk, n);
  }
  impl_->stream.reset();
  return out;
}

} // namespace upsync::testing
