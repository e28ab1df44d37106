// A small blocking HTTP/1.1 client for loopback tests: one keep-alive connection.
#pragma once

#include <map>
#include <memory>
#include <string>

namespace upsync::testing {

struct http_reply {
  unsigned status = 0;
  std::string body;
  std::map<std::string, std::string> headers; ///< lower-case names
  bool keep_alive = true;
};

class http_client {
public:
  explicit http_client(unsigned short port, std::string host = "127.0.0.1");
  ~http_client();

  /// Sends one request on the connection (reconnecting if the server closed it).
  http_reply request(const std::string& method, const std::string& target, const std::string& body = "",
                     const std::map<std::string, std::string>& headers = {});

  http_reply get(const std::string& target, const std::string& token = "");
  http_reply post(const std::string& target, const std::string& body, const std::string& token = "");
  http_reply patch(const std::string& target, const std::string& body, const std::string& token = "");
  http_reply del(const std::string& target, const std::string& token = "");

  /// Writes raw bytes and reads until the server closes; returns what arrived.
  std::string raw_exchange(const std::string& bytes);

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace upsync::testing
