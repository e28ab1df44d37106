// The GraphQL answer envelope: `data` next to `errors`, error classification, partial data.
#pragma once

#include "protocol/upwork/json_reader.hpp"
#include "protocol/upwork/result.hpp"

#include <functional>
#include <optional>
#include <simdjson.h>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace upsync::upwork {

/// One entry of a GraphQL `errors` array.
struct graphql_error {
  std::string message;
  std::string classification; ///< extensions.classification (or extensions.code)
  std::string path;           ///< "organization.staffs.edges.3" when sent
};

/// Decides what a list of GraphQL errors means: validation, syntax and missing-scope or
/// permission errors are permanent; an authentication error is `auth`; anything else
/// (data fetching, internal, timeouts, unknown) is retryable. The message lists them.
error classify_graphql_errors(const std::vector<graphql_error>& errors);

namespace detail {
/// Reads `data` (an object) into the caller's value; `partial` is true when the answer
/// also has `errors`, and list readers then skip null or broken items instead of failing.
using data_reader = std::function<void(json_in::reader&, simdjson::dom::object data, bool partial)>;

/// Parses the envelope and runs `read` on `data`. Returns nothing on full success;
/// otherwise the error, with `have_value` telling whether `read` completed (partial data).
std::optional<error> read_graphql(std::string_view body, const data_reader& read, bool& have_value);
} // namespace detail

/// Parses a GraphQL answer body with `read(reader&, data_object, partial) -> T`.
/// - syntax errors, bad UTF-8, truncation, a wrong shape without `errors`: `malformed`,
///   the message naming the JSON path;
/// - `errors` with no usable `data`: the classified error;
/// - `errors` next to usable `data`: the partial value and the classified error.
template <class T, class F>
result<T> parse_graphql(std::string_view body, F&& read) {
  T out{};
  bool have_value = false;
  auto err = detail::read_graphql(
      body,
      [&](json_in::reader& r, simdjson::dom::object data, bool partial) {
        out = read(r, data, partial);
      },
      have_value);
  if (!err)
    return result<T>{std::move(out)};
  if (have_value)
    return result<T>{std::move(out), std::move(*err)};
  return result<T>{std::move(*err)};
}

/// Runs `f(element)` for each item of `a` inside its `[i]` scope. With `partial`, null
/// items and items that fail to read are skipped (their error is already in `errors`).
template <class F>
void for_each_item(json_in::reader& r, simdjson::dom::array a, bool partial, F&& f) {
  std::size_t i = 0;
  for (simdjson::dom::element e : a) {
    json_in::reader::scope s{r, i++};
    if (e.is_null()) {
      if (partial)
        continue;
      r.fail("is null");
    }
    if (!partial) {
      f(e);
      continue;
    }
    try {
      f(e);
    } catch (const json_in::schema_error&) {
      // dropped: the answer's own errors explain the hole
    }
  }
}

} // namespace upsync::upwork
