// A small recursive-descent GraphQL parser: executable documents only (no schema SDL).
#pragma once

#include "sim/graphql_ast.hpp"

#include <string>
#include <string_view>
#include <variant>

namespace upsync::sim::gql {

struct parse_error {
  std::string message;
  location loc;
};

/// Parses queries, mutations, the shorthand `{ ... }` form, variables with defaults,
/// arguments with every literal kind, aliases, directives, fragment definitions, fragment
/// spreads and inline fragments. Block strings are read but not dedented.
std::variant<document, parse_error> parse(std::string_view source);

} // namespace upsync::sim::gql
