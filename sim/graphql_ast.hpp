// The GraphQL document tree the mini-parser produces and the executor walks.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace upsync::sim::gql {

struct location {
  int line = 1;
  int column = 1;
};

/// An input value: an argument literal, a variable reference, or (after substitution) a
/// value taken from the request's `variables` JSON.
struct value {
  enum class kind { null, boolean, integer, floating, string, enumeration, list, object, variable };
  kind type = kind::null;
  std::string text; ///< string contents, enum name, variable name or number text
  bool flag = false;
  std::vector<value> items;
  std::vector<std::pair<std::string, value>> fields;

  /// The object field `name`, or nullptr.
  const value* field(std::string_view name) const;
  bool is_null() const { return type == kind::null; }
  /// Strings, enums and numbers as text (Upwork accepts ids as numbers or strings).
  std::optional<std::string> as_text() const;
  std::optional<long long> as_integer() const;
  std::optional<bool> as_bool() const;
};

struct argument {
  std::string name;
  value val;
  location loc;
};

struct directive {
  std::string name;
  std::vector<argument> arguments;
};

struct selection {
  enum class kind { field, fragment_spread, inline_fragment };
  kind type = kind::field;
  std::string alias;
  std::string name; ///< field name, or the spread fragment's name
  std::vector<argument> arguments;
  std::vector<directive> directives;
  std::string type_condition; ///< inline fragments only
  std::vector<selection> children;
  location loc;

  std::string_view response_key() const { return alias.empty() ? name : alias; }
};

struct variable_definition {
  std::string name;
  std::string type;
  std::optional<value> default_value;
};

struct operation {
  std::string kind = "query";
  std::string name;
  std::vector<variable_definition> variables;
  std::vector<selection> selections;
  location loc;
};

struct fragment {
  std::string name;
  std::string type_condition;
  std::vector<selection> selections;
  location loc;
};

struct document {
  std::vector<operation> operations;
  std::vector<fragment> fragments;

  const fragment* find_fragment(std::string_view name) const;
  /// The named operation, or the only one when `name` is empty; nullptr otherwise.
  const operation* find_operation(std::string_view name) const;
};

} // namespace upsync::sim::gql
