// Accessors on the GraphQL document tree.
#include "sim/graphql_ast.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace upsync::sim::gql {

const value* value::field(std::string_view name) const {
  for (const auto& [key, v] : fields)
    if (key == name)
      return &v;
  return nullptr;
}

std::optional<std::string> value::as_text() const {
  switch (type) {
  case kind::string:
  case kind::enumeration:
  case kind::integer:
  case kind::floating: return text;
  default: return std::nullopt;
  }
}

std::optional<long long> value::as_integer() const {
  if (type != kind::integer && type != kind::string && type != kind::floating)
    return std::nullopt;
  errno = 0;
  char* end = nullptr;
  long long v = std::strtoll(text.c_str(), &end, 10);
  if (errno == 0 && end != text.c_str() && *end == '\0')
    return v;
  if (type == kind::floating) {
    double d = std::strtod(text.c_str(), &end);
    if (*end == '\0' && std::floor(d) == d)
      return static_cast<long long>(d);
  }
  return std::nullopt;
}

std::optional<bool> value::as_bool() const {
  if (type == kind::boolean)
    return flag;
  if (type == kind::string && (text == "true" || text == "false"))
    return text == "true";
  return std::nullopt;
}

const fragment* document::find_fragment(std::string_view name) const {
  for (const auto& f : fragments)
    if (f.name == name)
      return &f;
  return nullptr;
}

const operation* document::find_operation(std::string_view name) const {
  if (name.empty())
    return operations.size() == 1 ? &operations.front() : nullptr;
  for (const auto& op : operations)
    if (op.name == name)
      return &op;
  return nullptr;
}

} // namespace upsync::sim::gql
