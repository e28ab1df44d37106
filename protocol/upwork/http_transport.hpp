// The HTTP exchange the Upwork client needs, as an interface (real client or test fake).
#pragma once

#include "protocol/upwork/result.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace upsync::upwork {

struct http_header {
  std::string name;
  std::string value;
};

struct http_request {
  std::string method = "POST";
  std::string url; ///< absolute http(s) URL
  std::vector<http_header> headers;
  std::string body;
};

struct http_response {
  int status = 0;
  std::vector<http_header> headers;
  std::string body;

  /// The first header of that name (case-insensitive), or empty.
  std::string header(std::string_view name) const;
};

/// Sends one request and returns the complete answer, whatever its status. Fails only when
/// no answer arrived (config, connect, TLS, timeout, reset, size limit).
class http_transport {
public:
  virtual ~http_transport() = default;
  virtual result<http_response> send(const http_request& request) = 0;
};

} // namespace upsync::upwork
