// Helpers on resolved GraphQL values.
#include "sim/graphql_result.hpp"

namespace upsync::sim::gql {

const value* field_args::get(std::string_view name) const {
  for (const auto& [key, v] : items)
    if (key == name)
      return &v;
  return nullptr;
}

result_value result_value::decimal(std::string digits) {
  result_value v;
  v.type = kind::decimal;
  v.text = std::move(digits);
  return v;
}

result_value result_value::deferred(lazy_fn fn) {
  result_value v;
  v.type = kind::lazy;
  v.lazy = std::make_shared<const lazy_fn>(std::move(fn));
  return v;
}

result_value result_value::string_or_null(std::string text) {
  return text.empty() ? result_value{} : result_value{std::move(text)};
}

const result_value* result_object::find(std::string_view name) const {
  for (const auto& [key, v] : fields)
    if (key == name)
      return &v;
  return nullptr;
}

} // namespace upsync::sim::gql
