// Names of the error kinds.
#include "protocol/upwork/error.hpp"

namespace upsync::upwork {

const char* to_string(error_kind kind) {
  switch (kind) {
  case error_kind::retryable:
    return "retryable";
  case error_kind::auth:
    return "auth";
  case error_kind::needs_reauth:
    return "needs_reauth";
  case error_kind::permanent:
    return "permanent";
  case error_kind::malformed:
    return "malformed";
  case error_kind::config:
    return "config";
  }
  return "unknown";
}

} // namespace upsync::upwork
