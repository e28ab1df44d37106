// The query of a URL as a map, decoded: what a test reads from a redirect (OAuth code and
// state) or an authorize URL.
#pragma once

#include "common/encoding.hpp"

#include <map>
#include <string>

namespace upsync::testing {

inline std::map<std::string, std::string> query_of(const std::string& url) {
  std::map<std::string, std::string> out;
  auto q = url.find('?');
  if (q == std::string::npos)
    return out;
  auto rest = url.substr(q + 1);
  std::size_t pos = 0;
  while (pos <= rest.size()) {
    auto amp = rest.find('&', pos);
    auto pair = rest.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
    auto eq = pair.find('=');
    if (eq != std::string::npos)
      out[pair.substr(0, eq)] = encoding::percent_decode(pair.substr(eq + 1), true).value_or("");
    if (amp == std::string::npos)
      break;
    pos = amp + 1;
  }
  return out;
}

} // namespace upsync::testing
