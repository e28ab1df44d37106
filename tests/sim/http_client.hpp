// A tiny blocking HTTP/1.1 client over loopback, for tests of the simulator.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace upsync::sim::testing {

struct http_result {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers; ///< names lower-case
  std::string header(const std::string& lower_name) const;
};

using header_list = std::vector<std::pair<std::string, std::string>>;

/// One connection per request: simple and immune to the server closing idle ones.
class http_client {
public:
  explicit http_client(unsigned short port, std::string host = "127.0.0.1") : host_(std::move(host)), port_(port) {}

  http_result get(const std::string& target, const header_list& headers = {}) const;
  http_result post(const std::string& target, const std::string& body, const std::string& content_type,
                   const header_list& headers = {}) const;

private:
  http_result request(const std::string& method, const std::string& target, const std::string& body,
                      const std::string& content_type, const header_list& headers) const;

  std::string host_;
  unsigned short port_;
};

} // namespace upsync::sim::testing
