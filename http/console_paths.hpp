// What a request path means for the web console (issue 18, docs/architecture.md "A
// request's path"), decided from the decoded path alone: pure, so that the traversal rules
// are tested and fuzzed without files. `/` and the console's client-side routes answer
// index.html; `/console/assets/<file>` names a file; every other path is the API's.
#pragma once

#include <string>
#include <string_view>

namespace upsync::http {

struct console_target {
  enum kind_t {
    api,       ///< not a console path: the router answers it
    index,     ///< `/`, `/console`, `/console/<route without a dot in its last segment>`
    asset,     ///< `/console/assets/<name>`: `name` is the file below assets/
    not_found, ///< a console path that names nothing (a dot in its last segment, `..`, `\`, NUL, ...)
  };
  kind_t kind = api;
  std::string name; ///< for `asset`: the relative name below assets/ ("app-1f2e.js")
};

/// Classifies a percent-decoded request path (as parse_request_target gives it). A console
/// path with a `.` or `..` segment, an empty segment inside it, a segment starting with a
/// dot, a backslash, a NUL or any other control byte is `not_found`, whatever follows: so
/// `%2e%2e`, `..%2f` and `..%5c` (decoded before this) never reach a file name.
console_target classify_console_path(std::string_view path);

/// The Content-Type for a file name by its extension (`text/javascript; charset=utf-8`
/// for .js); `application/octet-stream` for an unknown one (never sniffed: the console's
/// answers carry `X-Content-Type-Options: nosniff`).
std::string_view content_type_for(std::string_view file_name);

} // namespace upsync::http
