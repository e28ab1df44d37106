// Why a use case refused a request, in the product's words: the handler turns it into an
// HTTP error (http/refusal_error.hpp). A refusal is decided before anything is written.
#pragma once

#include <optional>
#include <string>

namespace upsync::domain {

struct refusal {
  enum class kind {
    invalid,       ///< the request names something that is not there (400)
    forbidden,     ///< the caller's role does not allow it (403)
    conflict,      ///< the state forbids it now (409)
    unprocessable, ///< the request contradicts a product rule (422)
    unavailable,   ///< something outside (Upwork) could not be reached; try again (503)
  };
  kind what;
  std::string message;
  std::optional<std::string> field; ///< the request field at fault, when one is
  std::string code = {};            ///< a specific machine code; empty: the kind's own
};

} // namespace upsync::domain
