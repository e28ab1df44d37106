// The operation name of a GraphQL body, for the observer's bounded labels.
#include "protocol/upwork/observer.hpp"

#include <cctype>

namespace upsync::upwork {

std::string_view operation_name(std::string_view body) {
  for (std::string_view keyword : {"query ", "mutation "}) {
    auto at = body.find(keyword);
    if (at == std::string_view::npos || at > 16) // the body opens with {"query":"query ...
      continue;
    auto start = at + keyword.size();
    auto end = start;
    while (end < body.size() && end - start < 48 && std::isalnum(static_cast<unsigned char>(body[end])))
      ++end;
    if (end > start)
      return body.substr(start, end - start);
  }
  return "unknown";
}

} // namespace upsync::upwork
