// The blocking test client, on Beast's synchronous API.
#include "tests/sim/http_client.hpp"

#include <algorithm>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>

namespace upsync::sim::testing {

namespace beast = boost::beast;
namespace http = beast::http;
namespace asio = boost::asio;

std::string http_result::header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? std::string{} : it->second;
}

http_result http_client::get(const std::string& target, const header_list& headers) const {
  return request("GET", target, {}, {}, headers);
}

http_result http_client::post(const std::string& target, const std::string& body, const std::string& content_type,
                              const header_list& headers) const {
  return request("POST", target, body, content_type, headers);
}

http_result http_client::request(const std::string& method, const std::string& target, const std::string& body,
                                 const std::string& content_type, const header_list& headers) const {
  asio::io_context ioc;
  asio::ip::tcp::socket socket{ioc};
  socket.connect({asio::ip::make_address(host_), port_});
  http::request<http::string_body> req{http::string_to_verb(method), target, 11};
  req.set(http::field::host, host_);
  req.set(http::field::connection, "close");
  for (const auto& [name, value] : headers)
    req.set(name, value);
  if (!content_type.empty())
    req.set(http::field::content_type, content_type);
  req.body() = body;
  req.prepare_payload();
  http::write(socket, req);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  http::read(socket, buffer, parser);
  auto res = parser.release();
  http_result out;
  out.status = res.result_int();
  out.body = res.body();
  for (const auto& field : res) {
    std::string name{field.name_string()};
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    out.headers[name] = std::string{field.value()};
  }
  beast::error_code ec;
  socket.shutdown(asio::ip::tcp::socket::shutdown_both, ec);
  return out;
}

} // namespace upsync::sim::testing
