// Parses a JSON answer in tests and reads fields by path, failing the test loudly.
#pragma once

#include <cstdint>
#include <memory>
#include <simdjson.h>
#include <stdexcept>
#include <string>

namespace upsync::testing {

class json_doc {
public:
  explicit json_doc(const std::string& text) : parser_(std::make_unique<simdjson::dom::parser>()) {
    if (parser_->parse(text).get(root_))
      throw std::runtime_error("not JSON: " + text);
  }
  simdjson::dom::element root() const { return root_; }
  /// JSON pointer such as "/member/role".
  simdjson::dom::element at(const std::string& pointer) const {
    simdjson::dom::element e;
    if (root_.at_pointer(pointer).get(e))
      throw std::runtime_error("no " + pointer);
    return e;
  }
  std::string str(const std::string& pointer) const {
    std::string_view s;
    if (at(pointer).get(s))
      throw std::runtime_error(pointer + " is not a string");
    return std::string{s};
  }
  std::size_t size(const std::string& pointer) const {
    simdjson::dom::array a;
    if (at(pointer).get(a))
      throw std::runtime_error(pointer + " is not an array");
    return a.size();
  }
  bool is_null(const std::string& pointer) const { return at(pointer).is_null(); }
  bool boolean(const std::string& pointer) const {
    bool b = false;
    if (at(pointer).get(b))
      throw std::runtime_error(pointer + " is not a boolean");
    return b;
  }
  std::int64_t integer(const std::string& pointer) const {
    std::int64_t i = 0;
    if (at(pointer).get(i))
      throw std::runtime_error(pointer + " is not an integer");
    return i;
  }

  /// Any JSON number, as a double.
  double number(const std::string& pointer) const {
    auto e = at(pointer);
    double d = 0;
    std::int64_t i = 0;
    if (!e.get(i))
      return static_cast<double>(i);
    if (e.get(d))
      throw std::runtime_error(pointer + " is not a number");
    return d;
  }

private:
  std::unique_ptr<simdjson::dom::parser> parser_;
  simdjson::dom::element root_;
};

} // namespace upsync::testing
