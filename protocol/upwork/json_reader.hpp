// Path-aware, validating accessors over a simdjson DOM: every failure names the JSON path.
#pragma once

#include "protocol/upwork/decimal.hpp"

#include <cstdint>
#include <optional>
#include <simdjson.h>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace upsync::upwork::json_in {

/// Thrown inside parsers only; the public parse functions turn it into an error value.
/// `what()` reads like "data.organization.staffs.edges[3].node.user.id: expected string".
class schema_error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// Walks a parsed document. The DOM parser has already validated the whole text (syntax,
/// UTF-8, number ranges) before any accessor runs, so nothing here reads unvalidated bytes;
/// the accessors add the shape checks and keep the current path for error messages.
class reader {
public:
  /// Enters a member or an array element for the lifetime of the guard.
  class scope {
  public:
    scope(reader& r, std::string_view key) : r_(r) { r_.path_.emplace_back(key); }
    scope(reader& r, std::size_t index) : r_(r) { r_.path_.emplace_back(index); }
    ~scope() { r_.path_.pop_back(); }
    scope(const scope&) = delete;
    scope& operator=(const scope&) = delete;

  private:
    reader& r_;
  };

  /// The current path, e.g. "data.organization.staffs.edges[3]".
  std::string path() const;
  /// Throws schema_error "<path>: <what>".
  [[noreturn]] void fail(std::string_view what) const;
  /// Throws schema_error "<path>.<key>: <what>" without entering `key` first.
  [[noreturn]] void fail_at(std::string_view key, std::string_view what);

  // -- shapes of the value at the current path ------------------------------------
  simdjson::dom::object object(simdjson::dom::element e) const;
  simdjson::dom::array array(simdjson::dom::element e) const;
  std::string string(simdjson::dom::element e) const;
  /// A string, or a non-negative JSON integer turned into its decimal text. Non-empty, at
  /// most 256 bytes of printable ASCII.
  std::string id(simdjson::dom::element e) const;
  /// A JSON integer or a string of decimal digits ("10").
  std::int64_t integer(simdjson::dom::element e) const;
  /// A JSON number or a decimal string ("25.00"), exactly.
  decimal number(simdjson::dom::element e) const;
  /// true/false, or the strings "true"/"false".
  bool boolean(simdjson::dom::element e) const;
  /// A string, or a number or boolean turned into its text (Upwork sometimes sends `10`
  /// where the schema says "10": a display text is no reason to drop an entry).
  std::string text(simdjson::dom::element e) const;

  // -- members ------------------------------------------------------------------
  /// The member, or nothing when it is absent or null.
  static std::optional<simdjson::dom::element> get(simdjson::dom::object o, std::string_view key);
  /// The member; absent or null fails "<path>.<key>: missing" / ": is null".
  simdjson::dom::element require(simdjson::dom::object o, std::string_view key);

  /// A list member that must be present but may be null (an empty list then): nothing for
  /// null, the element otherwise (still to be checked with array()).
  std::optional<simdjson::dom::element> list(simdjson::dom::object o, std::string_view key);

  /// Convenience: reads member `key` with `(this->*conv)(element)` inside its scope.
  template <class T>
  T required(simdjson::dom::object o, std::string_view key, T (reader::*conv)(simdjson::dom::element) const) {
    auto e = require(o, key);
    scope s{*this, key};
    return (this->*conv)(e);
  }
  template <class T>
  std::optional<T> optional(simdjson::dom::object o, std::string_view key,
                            T (reader::*conv)(simdjson::dom::element) const) {
    auto e = get(o, key);
    if (!e)
      return std::nullopt;
    scope s{*this, key};
    return (this->*conv)(*e);
  }
  /// A string member that may be absent or null (then empty); numbers and booleans are
  /// taken as their text.
  std::string optional_string(simdjson::dom::object o, std::string_view key) {
    return optional(o, key, &reader::text).value_or(std::string{});
  }
  /// An optional member nobody depends on (a code, a count, a display hint): of the wrong
  /// type it reads as absent instead of failing the entry that holds it.
  template <class T>
  std::optional<T> optional_lenient(simdjson::dom::object o, std::string_view key,
                                    T (reader::*conv)(simdjson::dom::element) const) {
    try {
      return optional(o, key, conv);
    } catch (const schema_error&) {
      return std::nullopt;
    }
  }

  // -- entries skipped by lenient list readers (see graphql_response.hpp) ----------
  /// Counts one skipped list entry; the first one's reason is kept for the log.
  void note_skipped(std::string_view reason) {
    if (skipped_ == 0)
      first_skip_reason_ = std::string{reason.substr(0, 300)};
    ++skipped_;
  }
  std::size_t skipped() const { return skipped_; }
  const std::string& first_skip_reason() const { return first_skip_reason_; }

private:
  std::vector<std::variant<std::string_view, std::size_t>> path_;
  std::size_t skipped_ = 0;
  std::string first_skip_reason_;
};

/// Describes a DOM type for messages ("object", "string", ...).
const char* type_name(simdjson::dom::element_type t);

} // namespace upsync::upwork::json_in
