// JSON input through simdjson's DOM parser, one parser per io thread.
#include "sim/json_input.hpp"

#include <simdjson.h>

namespace upsync::sim {

namespace {

gql::value convert(simdjson::dom::element e) {
  gql::value v;
  switch (e.type()) {
  case simdjson::dom::element_type::OBJECT:
    v.type = gql::value::kind::object;
    for (auto [key, child] : e.get_object())
      v.fields.emplace_back(std::string{key}, convert(child));
    break;
  case simdjson::dom::element_type::ARRAY:
    v.type = gql::value::kind::list;
    for (auto child : e.get_array())
      v.items.push_back(convert(child));
    break;
  case simdjson::dom::element_type::STRING:
    v.type = gql::value::kind::string;
    v.text = std::string{e.get_string().value()};
    break;
  case simdjson::dom::element_type::INT64:
    v.type = gql::value::kind::integer;
    v.text = std::to_string(e.get_int64().value());
    break;
  case simdjson::dom::element_type::UINT64:
    v.type = gql::value::kind::integer;
    v.text = std::to_string(e.get_uint64().value());
    break;
  case simdjson::dom::element_type::DOUBLE: {
    v.type = gql::value::kind::floating;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", e.get_double().value());
    v.text = buf;
    break;
  }
  case simdjson::dom::element_type::BOOL:
    v.type = gql::value::kind::boolean;
    v.flag = e.get_bool().value();
    break;
  case simdjson::dom::element_type::NULL_VALUE: break;
  }
  return v;
}

} // namespace

std::optional<gql::value> parse_json(std::string_view text) {
  thread_local simdjson::dom::parser parser;
  simdjson::padded_string padded{text};
  simdjson::dom::element root;
  if (parser.parse(padded).get(root))
    return std::nullopt;
  return convert(root);
}

} // namespace upsync::sim
