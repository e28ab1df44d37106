#include "common/json_writer.hpp"

#include <cassert>
#include <cmath>
#include <cstdio>

namespace upsync::json {

namespace {

// Length of the valid UTF-8 sequence starting at text[i], or 0 when invalid.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char c = byte(i);
  std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || i + len > text.size())
    return 0;
  for (std::size_t k = 1; k < len; ++k)
    if ((byte(i + k) & 0xC0) != 0x80)
      return 0;
  // Reject overlong forms, surrogates and code points past U+10FFFF.
  if (len == 2 && c < 0xC2)
    return 0;
  if (len == 3) {
    unsigned cp = ((c & 0x0F) << 12) | ((byte(i + 1) & 0x3F) << 6) | (byte(i + 2) & 0x3F);
    if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))
      return 0;
  }
  if (len == 4) {
    unsigned cp =
      ((c & 0x07) << 18) | ((byte(i + 1) & 0x3F) << 12) | ((byte(i + 2) & 0x3F) << 6) | (byte(i + 3) & 0x3F);
    if (cp < 0x10000 || cp > 0x10FFFF)
      return 0;
  }
  return len;
}

} // namespace

void append_quoted(std::string& out, std::string_view text) {
  out.push_back('"');
  for (std::size_t i = 0; i < text.size();) {
    // Most text needs no escaping: copy each run of plain ASCII at once (API pages write
    // thousands of short strings per answer).
    std::size_t plain = i;
    while (plain < text.size()) {
      auto b = static_cast<unsigned char>(text[plain]);
      if (b < 0x20 || b >= 0x80 || b == '"' || b == '\\')
        break;
      ++plain;
    }
    if (plain > i) {
      out.append(text.data() + i, plain - i);
      i = plain;
      continue;
    }
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      std::size_t len = utf8_sequence_length(text, i);
      if (len == 0) {
        out += "\xEF\xBF\xBD";
        ++i;
      } else {
        out.append(text.data() + i, len);
        i += len;
      }
      continue;
    }
    switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    case '\b': out += "\\b"; break;
    case '\f': out += "\\f"; break;
    default:
      if (c < 0x20) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", c);
        out += buf;
      } else {
        out.push_back(static_cast<char>(c));
      }
    }
    ++i;
  }
  out.push_back('"');
}

void writer::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!need_comma_.empty()) {
    if (need_comma_.back())
      out_.push_back(',');
    need_comma_.back() = true;
  }
}

writer& writer::begin_object() {
  before_value();
  out_.push_back('{');
  need_comma_.push_back(false);
  return *this;
}

writer& writer::end_object() {
  assert(!need_comma_.empty() && !after_key_);
  need_comma_.pop_back();
  out_.push_back('}');
  return *this;
}

writer& writer::begin_array() {
  before_value();
  out_.push_back('[');
  need_comma_.push_back(false);
  return *this;
}

writer& writer::end_array() {
  assert(!need_comma_.empty());
  need_comma_.pop_back();
  out_.push_back(']');
  return *this;
}

writer& writer::key(std::string_view name) {
  assert(!after_key_);
  before_value();
  append_quoted(out_, name);
  out_.push_back(':');
  after_key_ = true;
  return *this;
}

writer& writer::value(std::string_view text) {
  before_value();
  append_quoted(out_, text);
  return *this;
}

writer& writer::value(bool flag) {
  before_value();
  out_ += flag ? "true" : "false";
  return *this;
}

writer& writer::value(std::int64_t number) {
  before_value();
  out_ += std::to_string(number);
  return *this;
}

writer& writer::value(double number) {
  before_value();
  if (!std::isfinite(number)) {
    out_ += "null"; // JSON has no NaN or infinity
    return *this;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", number);
  out_ += buf;
  return *this;
}

writer& writer::null() {
  before_value();
  out_ += "null";
  return *this;
}

writer& writer::raw(std::string_view json) {
  before_value();
  out_ += json;
  return *this;
}

writer& writer::value_or_null(const std::optional<std::string>& text) { return text ? value(*text) : null(); }

} // namespace upsync::json
