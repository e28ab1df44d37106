// Names of the error kinds.
#include "protocol/upwork/error.hpp"

namespace upsync::upwork {

const char* to_string(error_kind kind) {
  switch (kind) {
  case error_kind::retryable: return "retryable";
  case error_kind::auth: return "auth";
  case error_kind::needs_reauth: return "needs_reauth";
  case error_kind::permanent: return "permanent";
  case error_kind::malformed: return "malformed";
  case error_kind::config: return "config";
  case error_kind::budget_spent: return "budget_spent";
  }
  return "unknown";
}

std::string summary(const error& e) {
  std::string out = to_string(e.kind);
  if (e.http_status > 0)
    out += " (HTTP " + std::to_string(e.http_status) + ")";
  std::string message = e.message;
  if (auto http = message.find("HTTP "); http != std::string::npos)
    if (auto body = message.find(": ", http); body != std::string::npos)
      message.resize(body); // what follows is the answer's body
  if (message.size() > 200)
    message.resize(200);
  return message.empty() ? out : out + ": " + message;
}

} // namespace upsync::upwork
