// PostgreSQL array literals for passing a list as one parameter ($1::text[]): libpqxx 6.4
// has no array conversion for parameters, and a list must not become one round trip per row.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace upsync::storage {

/// `{"a","b\"c",NULL}`: every element quoted and escaped, an empty optional as NULL.
std::string to_array_literal(const std::vector<std::optional<std::string>>& items);

/// The same for a list without NULLs.
std::string to_array_literal(const std::vector<std::string>& items);

} // namespace upsync::storage
