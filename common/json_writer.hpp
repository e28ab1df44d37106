// A small streaming JSON writer: builds compact UTF-8 JSON text into a std::string.
// Used for API answers and for the GraphQL/OAuth bodies sent to Upwork.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace upsync::json {

/// Appends `text` to `out` as a JSON string literal (quotes included). Control
/// characters are escaped; invalid UTF-8 bytes are replaced with U+FFFD so the output
/// is always valid JSON.
void append_quoted(std::string& out, std::string_view text);

/// Writes one JSON value. Commas are inserted automatically; keys and values must
/// alternate inside objects. Misuse (a value without a key inside an object) is a
/// programming error and is caught by assertions in debug builds.
class writer {
public:
  writer& begin_object();
  writer& end_object();
  writer& begin_array();
  writer& end_array();
  writer& key(std::string_view name);

  writer& value(std::string_view text);
  writer& value(const char* text) { return value(std::string_view{text}); }
  writer& value(const std::string& text) { return value(std::string_view{text}); }
  writer& value(bool flag);
  writer& value(std::int64_t number);
  writer& value(int number) { return value(static_cast<std::int64_t>(number)); }
  writer& value(double number);
  writer& null();
  /// Inserts already-serialised JSON verbatim (the caller vouches for it).
  writer& raw(std::string_view json);

  /// A string, or null when empty.
  writer& value_or_null(const std::optional<std::string>& text);

  template <class T>
  writer& field(std::string_view name, const T& v) {
    key(name);
    return value(v);
  }

  const std::string& str() const& { return out_; }
  std::string str() && { return std::move(out_); }

private:
  void before_value();

  std::string out_;
  // One entry per open container: true when the next element needs a comma.
  std::vector<bool> need_comma_;
  bool after_key_ = false;
};

} // namespace upsync::json
