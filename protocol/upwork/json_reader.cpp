// Validating DOM accessors with JSON-path error messages.
#include "protocol/upwork/json_reader.hpp"

#include <charconv>
#include <cstdio>

namespace upsync::upwork::json_in {

using simdjson::dom::element;
using simdjson::dom::element_type;

const char* type_name(element_type t) {
  switch (t) {
  case element_type::ARRAY: return "array";
  case element_type::OBJECT: return "object";
  case element_type::INT64:
  case element_type::UINT64: return "integer";
  case element_type::DOUBLE: return "number";
  case element_type::STRING: return "string";
  case element_type::BOOL: return "boolean";
  case element_type::NULL_VALUE: return "null";
  }
  return "value";
}

std::string reader::path() const {
  std::string out;
  for (const auto& seg : path_) {
    if (auto key = std::get_if<std::string_view>(&seg)) {
      if (!out.empty())
        out += '.';
      out.append(key->data(), key->size());
    } else {
      out += '[';
      out += std::to_string(std::get<std::size_t>(seg));
      out += ']';
    }
  }
  return out.empty() ? std::string{"(root)"} : out;
}

void reader::fail(std::string_view what) const {
  std::string msg = path();
  msg += ": ";
  msg.append(what.data(), what.size());
  throw schema_error{msg};
}

void reader::fail_at(std::string_view key, std::string_view what) {
  scope s{*this, key};
  fail(what);
}

namespace {
std::string expected(const char* want, element e) {
  return std::string{"expected "} + want + ", got " + type_name(e.type());
}
} // namespace

simdjson::dom::object reader::object(element e) const {
  simdjson::dom::object o;
  if (e.get_object().get(o))
    fail(expected("object", e));
  return o;
}

simdjson::dom::array reader::array(element e) const {
  simdjson::dom::array a;
  if (e.get_array().get(a))
    fail(expected("array", e));
  return a;
}

std::string reader::string(element e) const {
  if (e.type() != element_type::STRING)
    fail(expected("string", e));
  return std::string{e.get_string().value_unsafe()};
}

std::string reader::id(element e) const {
  std::string out;
  switch (e.type()) {
  case element_type::STRING: out = std::string{e.get_string().value_unsafe()}; break;
  case element_type::UINT64: out = std::to_string(e.get_uint64().value_unsafe()); break;
  case element_type::INT64: {
    std::int64_t v = e.get_int64().value_unsafe();
    if (v < 0)
      fail("expected string, got negative integer");
    out = std::to_string(v);
    break;
  }
  default: fail(expected("string", e));
  }
  if (out.empty())
    fail("expected non-empty id");
  if (out.size() > 256)
    fail("id longer than 256 bytes");
  // Ids travel on in headers (X-Upwork-API-TenantId) and URLs: printable ASCII only.
  for (char c : out)
    if (c <= 0x20 || c >= 0x7f)
      fail("id with a control, space or non-ASCII character");
  return out;
}

std::int64_t reader::integer(element e) const {
  switch (e.type()) {
  case element_type::INT64: return e.get_int64().value_unsafe();
  case element_type::UINT64: {
    std::uint64_t v = e.get_uint64().value_unsafe();
    if (v > static_cast<std::uint64_t>(INT64_MAX))
      fail("integer out of range");
    return static_cast<std::int64_t>(v);
  }
  case element_type::STRING: {
    std::string_view s = e.get_string().value_unsafe();
    std::int64_t v = 0;
    const char* first = s.data();
    const char* last = s.data() + s.size();
    if (s.empty() || s.front() == '+')
      fail("expected integer in string, got \"" + std::string{s.substr(0, 40)} + "\"");
    auto [ptr, ec] = std::from_chars(first, last, v);
    if (ec == std::errc::result_out_of_range)
      fail("integer out of range");
    if (ec != std::errc{} || ptr != last)
      fail("expected integer in string, got \"" + std::string{s.substr(0, 40)} + "\"");
    return v;
  }
  default: fail(expected("integer", e));
  }
}

decimal reader::number(element e) const {
  switch (e.type()) {
  case element_type::INT64: return decimal{e.get_int64().value_unsafe(), 0};
  case element_type::UINT64: {
    std::uint64_t v = e.get_uint64().value_unsafe();
    if (v > static_cast<std::uint64_t>(INT64_MAX))
      fail("number out of range");
    return decimal{static_cast<std::int64_t>(v), 0};
  }
  case element_type::DOUBLE: {
    auto d = decimal::from_double(e.get_double().value_unsafe());
    if (!d)
      fail("number out of range");
    return *d;
  }
  case element_type::STRING: {
    std::string_view s = e.get_string().value_unsafe();
    auto d = decimal::parse(s);
    if (!d)
      fail("expected decimal number in string, got \"" + std::string{s.substr(0, 40)} + "\"");
    return *d;
  }
  default: fail(expected("number", e));
  }
}

bool reader::boolean(element e) const {
  if (e.type() == element_type::BOOL)
    return e.get_bool().value_unsafe();
  if (e.type() == element_type::STRING) {
    std::string_view s = e.get_string().value_unsafe();
    if (s == "true")
      return true;
    if (s == "false")
      return false;
  }
  fail(expected("boolean", e));
}

std::string reader::text(element e) const {
  switch (e.type()) {
  case element_type::STRING: return std::string{e.get_string().value_unsafe()};
  case element_type::INT64: return std::to_string(e.get_int64().value_unsafe());
  case element_type::UINT64: return std::to_string(e.get_uint64().value_unsafe());
  case element_type::DOUBLE: return number(e).to_string();
  case element_type::BOOL: return e.get_bool().value_unsafe() ? "true" : "false";
  default: fail(expected("string", e));
  }
}

std::optional<element> reader::get(simdjson::dom::object o, std::string_view key) {
  auto r = o.at_key(key);
  if (r.error())
    return std::nullopt;
  element e = r.value_unsafe();
  if (e.is_null())
    return std::nullopt;
  return e;
}

std::optional<element> reader::list(simdjson::dom::object o, std::string_view key) {
  auto r = o.at_key(key);
  if (r.error())
    fail_at(key, "missing");
  element e = r.value_unsafe();
  if (e.is_null())
    return std::nullopt;
  return e;
}

element reader::require(simdjson::dom::object o, std::string_view key) {
  auto r = o.at_key(key);
  if (r.error())
    fail_at(key, "missing");
  element e = r.value_unsafe();
  if (e.is_null())
    fail_at(key, "is null");
  return e;
}

} // namespace upsync::upwork::json_in
