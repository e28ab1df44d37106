// A use case's refusal (domain/use_cases/refusal.hpp) as the API's error answer.
#pragma once

#include "domain/use_cases/refusal.hpp"
#include "http/api_error.hpp"

namespace upsync::http {

inline api_error refusal_error(const domain::refusal& r) {
  using kind = domain::refusal::kind;
  unsigned status = r.what == kind::invalid       ? 400
                    : r.what == kind::forbidden   ? 403
                    : r.what == kind::conflict    ? 409
                    : r.what == kind::unavailable ? 503
                                                  : 422;
  std::string code = !r.code.empty()               ? r.code
                     : r.what == kind::invalid     ? "invalid_request"
                     : r.what == kind::forbidden   ? "forbidden"
                     : r.what == kind::conflict    ? "conflict"
                     : r.what == kind::unavailable ? "unavailable"
                                                   : "unprocessable";
  return {status, std::move(code), r.message, r.field};
}

/// Throws the refusal, if any, so the request's transaction rolls back.
inline void throw_if_refused(const std::optional<domain::refusal>& r) {
  if (r)
    throw refusal_error(*r);
}

} // namespace upsync::http
