// The SQLSTATE class (two characters, e.g. "23" integrity, "40" rollback, "08" connection)
// of a database failure, for error counters with bounded labels.
#pragma once

#include <exception>
#include <string>

namespace upsync::storage {

/// "08" for a lost connection, the first two characters of the SQLSTATE for an SQL
/// error, "other" for anything else.
std::string sqlstate_class(const std::exception& e);

} // namespace upsync::storage
