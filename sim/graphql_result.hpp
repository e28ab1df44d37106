// Resolved GraphQL data before projection: objects whose fields may be computed lazily.
#pragma once

#include "sim/graphql_ast.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace upsync::sim::gql {

class exec_context;
struct result_object;

/// The arguments of one field after `$variables` were substituted.
struct field_args {
  std::vector<std::pair<std::string, value>> items;
  const value* get(std::string_view name) const;
};

/// A value a resolver produced. Lazy values are fields with arguments (connections,
/// root operations): they run only when the query selects them.
struct result_value {
  enum class kind { null, boolean, integer, decimal, string, list, object, lazy };
  using lazy_fn = std::function<result_value(const field_args&, exec_context&)>;

  kind type = kind::null;
  bool flag = false;
  std::int64_t integer = 0;
  std::string text; ///< string contents, or a decimal's digits ("1.17")
  std::vector<result_value> items;
  std::shared_ptr<const result_object> object;
  std::shared_ptr<const lazy_fn> lazy;

  result_value() = default;
  result_value(bool b) : type(kind::boolean), flag(b) {}
  result_value(int i) : type(kind::integer), integer(i) {}
  result_value(std::int64_t i) : type(kind::integer), integer(i) {}
  result_value(std::string s) : type(kind::string), text(std::move(s)) {}
  result_value(const char* s) : type(kind::string), text(s) {}
  result_value(std::vector<result_value> list) : type(kind::list), items(std::move(list)) {}
  result_value(std::shared_ptr<const result_object> o) : type(kind::object), object(std::move(o)) {}

  static result_value decimal(std::string digits);
  static result_value deferred(lazy_fn fn);
  /// A string, or null when `text` is empty.
  static result_value string_or_null(std::string text);
};

/// A GraphQL object: its type name and every field it can answer.
struct result_object {
  std::string type;
  std::vector<std::pair<std::string, result_value>> fields;

  const result_value* find(std::string_view name) const;
};

/// Builds an object fluently: `object_builder{"Money"}.add("rawValue", "25.00").build()`.
class object_builder {
public:
  explicit object_builder(std::string type) : obj_(std::make_shared<result_object>()) {
    obj_->type = std::move(type);
    obj_->fields.reserve(8); // most objects have fewer: one allocation, no regrowth
  }
  object_builder& add(std::string name, result_value v) {
    obj_->fields.emplace_back(std::move(name), std::move(v));
    return *this;
  }
  result_value build() { return result_value{std::shared_ptr<const result_object>(obj_)}; }

private:
  std::shared_ptr<result_object> obj_;
};

} // namespace upsync::sim::gql
