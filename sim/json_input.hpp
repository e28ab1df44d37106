// Reads request JSON (GraphQL variables, control bodies) into GraphQL input values.
#pragma once

#include "sim/graphql_ast.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace upsync::sim {

/// Parses a JSON document into a value tree (objects, lists, strings, numbers, booleans,
/// null); nullopt when the text is not valid JSON. Numbers keep their text.
std::optional<gql::value> parse_json(std::string_view text);

} // namespace upsync::sim
