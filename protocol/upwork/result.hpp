// result<T>: a value, an error, or both (GraphQL answers with partial data and errors).
#pragma once

#include "protocol/upwork/error.hpp"

#include <cassert>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>

namespace upsync::upwork {

/// The outcome of a client call. Unlike a plain expected<T>, a GraphQL answer may carry
/// both `data` and `errors`: then the partial value is kept next to the error so the
/// caller can use what arrived and still see why the rest is missing.
template <class T>
class result {
public:
  result(T value) : value_(std::move(value)) {}
  result(upwork::error err) : error_(std::move(err)) {}
  result(T value, upwork::error err) : value_(std::move(value)), error_(std::move(err)) {}

  /// A complete value and no error.
  bool ok() const { return value_.has_value() && !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  /// A value is present: complete, or partial when has_error() too.
  bool has_value() const { return value_.has_value(); }
  bool has_error() const { return error_.has_value(); }
  /// Value and error together: partial data.
  bool partial() const { return has_value() && has_error(); }

  const T& value() const& {
    assert(value_);
    return *value_;
  }
  T& value() & {
    assert(value_);
    return *value_;
  }
  T&& value() && {
    assert(value_);
    return std::move(*value_);
  }
  const T& operator*() const& { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  const upwork::error& error() const {
    assert(error_);
    return *error_;
  }

  /// How many list entries of the answer(s) were skipped as unusable (null, not an
  /// object, no id, not a usable contract): the value holds the rest.
  std::size_t skipped() const { return skipped_; }
  /// Why the first skipped entry was skipped ("<json path>: <what>"), for the log.
  const std::string& skip_reason() const { return skip_reason_; }
  result&& with_skipped(std::size_t n, std::string reason) && {
    add_skipped(n, std::move(reason));
    return std::move(*this);
  }
  /// Adds the skips of another answer (the pages of one collection).
  void add_skipped(std::size_t n, std::string reason) {
    if (n > 0 && skip_reason_.empty())
      skip_reason_ = std::move(reason);
    skipped_ += n;
  }

private:
  std::optional<T> value_;
  std::optional<upwork::error> error_;
  std::size_t skipped_ = 0;
  std::string skip_reason_;
};

} // namespace upsync::upwork
