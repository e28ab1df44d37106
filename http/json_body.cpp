#include "http/json_body.hpp"

#include "http/api_error.hpp"

#include <set>
#include <simdjson.h>

namespace upsync::http {

namespace dom = simdjson::dom;

struct json_body::state {
  dom::parser parser;
  dom::object object;
};

namespace {

std::string_view trim_spaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// Characters, not bytes: the text is valid UTF-8 (simdjson checked).
std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    n += (c & 0xC0) != 0x80;
  return n;
}

} // namespace

std::optional<storage::db_id> parse_id(std::string_view text) {
  if (text.empty() || text.size() > 18)
    return std::nullopt;
  storage::db_id value = 0;
  for (char c : text) {
    if (c < '0' || c > '9')
      return std::nullopt;
    value = value * 10 + (c - '0');
  }
  if (value <= 0)
    return std::nullopt;
  return value;
}

json_body::json_body(std::string_view text, bool empty_is_object) : state_(std::make_unique<state>()) {
  if (trim_spaces(text).empty()) {
    if (!empty_is_object)
      throw invalid_request("a JSON object body is required");
    text = "{}";
  }
  dom::element root;
  if (auto error = state_->parser.parse(text.data(), text.size(), true).get(root))
    throw invalid_request(std::string{"malformed JSON: "} + simdjson::error_message(error));
  if (root.get(state_->object))
    throw invalid_request("the body must be a JSON object");
  std::set<std::string_view> seen;
  for (auto field : state_->object)
    if (!seen.insert(field.key).second)
      throw invalid_request("field given twice", std::string{field.key});
}

json_body::~json_body() = default;
json_body::json_body(json_body&&) noexcept = default;

void json_body::allow_only(std::initializer_list<std::string_view> known) const {
  for (auto field : state_->object) {
    bool ok = false;
    for (auto k : known)
      ok = ok || k == field.key;
    if (!ok)
      throw invalid_request("unknown field", std::string{field.key});
  }
}

bool json_body::has(std::string_view key) const {
  dom::element ignored;
  return !state_->object.at_key(key).get(ignored);
}

bool json_body::is_null(std::string_view key) const {
  dom::element e;
  return !state_->object.at_key(key).get(e) && e.is_null();
}

std::optional<std::string> json_body::string(std::string_view key, std::size_t max_length, bool trim) const {
  dom::element e;
  if (state_->object.at_key(key).get(e))
    return std::nullopt;
  std::string_view text;
  if (e.get(text))
    throw invalid_request("must be a string", std::string{key});
  if (trim)
    text = trim_spaces(text);
  if (text.empty())
    throw invalid_request("must not be empty", std::string{key});
  if (utf8_length(text) > max_length)
    throw invalid_request("longer than " + std::to_string(max_length) + " characters", std::string{key});
  if (text.find('\0') != std::string_view::npos)
    throw invalid_request("must not contain NUL characters", std::string{key});
  return std::string{text};
}

std::string json_body::required_string(std::string_view key, std::size_t max_length) const {
  auto value = string(key, max_length);
  if (!value)
    throw invalid_request("is required", std::string{key});
  return *value;
}

std::optional<std::optional<std::string>> json_body::nullable_string(std::string_view key,
                                                                     std::size_t max_length) const {
  if (!has(key))
    return std::nullopt;
  if (is_null(key))
    return std::optional<std::string>{};
  return string(key, max_length);
}

std::optional<bool> json_body::boolean(std::string_view key) const {
  dom::element e;
  if (state_->object.at_key(key).get(e))
    return std::nullopt;
  bool value;
  if (e.get(value))
    throw invalid_request("must be true or false", std::string{key});
  return value;
}

std::optional<std::optional<storage::db_id>> json_body::id(std::string_view key) const {
  dom::element e;
  if (state_->object.at_key(key).get(e))
    return std::nullopt;
  if (e.is_null())
    return std::optional<storage::db_id>{};
  std::string_view text;
  std::int64_t number;
  if (!e.get(text)) {
    if (auto id = parse_id(text))
      return std::optional<storage::db_id>{*id};
  } else if (!e.get(number) && number > 0) {
    return std::optional<storage::db_id>{number};
  }
  throw invalid_request("must be an id (a string of digits)", std::string{key});
}

} // namespace upsync::http
