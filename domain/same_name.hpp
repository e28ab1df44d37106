// When two emails (one person) or two project names (one project) are the same: compared
// without ASCII case, as the wizard does for members and projects it creates (F5, F6).
#pragma once

#include <string>

namespace upsync::domain {

/// The key under which emails and project names are compared: ASCII letters lower-cased.
std::string case_folded(std::string text);

} // namespace upsync::domain
