// PostgreSQL array literals (see sql_array.hpp).
#include "storage/sql_array.hpp"

namespace upsync::storage {

namespace {

void append_quoted(std::string& out, const std::string& item) {
  out += '"';
  for (char c : item) {
    // Inside a quoted element only the quote and the backslash are special.
    if (c == '"' || c == '\\')
      out += '\\';
    out += c;
  }
  out += '"';
}

} // namespace

std::string to_array_literal(const std::vector<std::optional<std::string>>& items) {
  std::string out = "{";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0)
      out += ',';
    if (items[i])
      append_quoted(out, *items[i]);
    else
      out += "NULL";
  }
  out += '}';
  return out;
}

std::string to_array_literal(const std::vector<std::string>& items) {
  std::string out = "{";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0)
      out += ',';
    append_quoted(out, items[i]);
  }
  out += '}';
  return out;
}

} // namespace upsync::storage
