#include "webhooks/host_resolver.hpp"

#include <cstring>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

namespace upsync::webhooks {

std::vector<domain::ip_address> resolve_host(const std::string& host) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  std::vector<domain::ip_address> out;
  if (getaddrinfo(host.c_str(), nullptr, &hints, &found) != 0)
    return out;
  for (auto* a = found; a; a = a->ai_next) {
    domain::ip_address ip;
    if (a->ai_family == AF_INET) {
      std::memcpy(ip.bytes.data(), &reinterpret_cast<const sockaddr_in*>(a->ai_addr)->sin_addr, 4);
    } else if (a->ai_family == AF_INET6) {
      ip.v6 = true;
      std::memcpy(ip.bytes.data(), &reinterpret_cast<const sockaddr_in6*>(a->ai_addr)->sin6_addr, 16);
    } else {
      continue;
    }
    out.push_back(ip);
  }
  freeaddrinfo(found);
  return out;
}

} // namespace upsync::webhooks
