// HTTP message types shared by the simulator's server and endpoints.
#pragma once

#include <boost/beast/http.hpp>
#include <chrono>
#include <string>

namespace upsync::sim {

namespace http = boost::beast::http;
using http_request = http::request<http::string_body>;
using http_response = http::response<http::string_body>;

/// An endpoint's answer: the response, how long to hold it back (latency fault), and the
/// operation name it counts under in the statistics.
struct reply {
  http_response res;
  std::chrono::milliseconds delay{0};
  std::string operation;
};

/// A JSON response with the request's HTTP version and keep-alive.
reply json_reply(const http_request& req, http::status status, std::string body);
/// `{"error":"...","error_description":"..."}` as OAuth endpoints answer.
reply oauth_error(const http_request& req, int status, const std::string& error, const std::string& description);

} // namespace upsync::sim
