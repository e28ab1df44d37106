// Case-insensitive header lookup.
#include "protocol/upwork/http_transport.hpp"

#include <strings.h>

namespace upsync::upwork {

std::string http_response::header(std::string_view name) const {
  for (const auto& h : headers)
    if (h.name.size() == name.size() && strncasecmp(h.name.data(), name.data(), name.size()) == 0)
      return h.value;
  return {};
}

} // namespace upsync::upwork
