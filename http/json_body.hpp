// Reads a JSON request body (simdjson) with the checks every endpoint needs: an object,
// no unknown or repeated fields, right types. Every refusal is a 400 naming the field.
#pragma once

#include "storage/records.hpp"

#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace simdjson::dom {
class parser;
class element;
} // namespace simdjson::dom

namespace upsync::http {

class json_body {
public:
  /// Parses `text`; an empty body reads as `{}` when `empty_is_object`.
  explicit json_body(std::string_view text, bool empty_is_object = false);
  ~json_body();
  json_body(json_body&&) noexcept;

  /// Refuses any field not in `known`.
  void allow_only(std::initializer_list<std::string_view> known) const;

  bool has(std::string_view key) const;
  bool is_null(std::string_view key) const;

  /// Absent -> nullopt. Must be a string (not null) of 1..max_length characters after
  /// trimming surrounding spaces when `trim`.
  std::optional<std::string> string(std::string_view key, std::size_t max_length = 200, bool trim = true) const;
  std::string required_string(std::string_view key, std::size_t max_length = 200) const;
  /// Absent -> nullopt; null -> optional holding nullopt.
  std::optional<std::optional<std::string>> nullable_string(std::string_view key, std::size_t max_length = 200) const;
  std::optional<bool> boolean(std::string_view key) const;
  /// An id given as a string of digits (the contract) or a JSON integer.
  /// Absent -> nullopt; null -> optional holding nullopt.
  std::optional<std::optional<storage::db_id>> id(std::string_view key) const;

private:
  struct state;
  std::unique_ptr<state> state_;
};

/// Parses an id from a path or query ("123"); nullopt unless a positive 63-bit integer.
std::optional<storage::db_id> parse_id(std::string_view text);

} // namespace upsync::http
