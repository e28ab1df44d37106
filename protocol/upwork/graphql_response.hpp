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
/// `skipped` receives how many list entries the lenient readers skipped, `skip_reason` why
/// the first one was.
std::optional<error> read_graphql(std::string_view body, const data_reader& read, bool& have_value,
                                  std::size_t& skipped, std::string& skip_reason);
} // namespace detail

namespace detail {
/// Reads the value of the alias at `index` (never null) into the caller's slot.
using alias_reader = std::function<void(json_in::reader&, simdjson::dom::element value, std::size_t index)>;

/// What one alias of an answer came to: nothing (read), or why it failed; and the list
/// entries its reader skipped.
struct alias_outcome {
  std::optional<error> failure;
  std::size_t skipped = 0;
  std::string skip_reason;
};

/// Parses the envelope of an answer to a query of aliased root fields and runs `read` on
/// each alias's value. Returns the whole answer's error when there is no usable `data`;
/// otherwise one outcome per alias: an error whose `path` starts with the alias fails that
/// alias alone, as does a null or missing value or one that does not read.
std::optional<error> read_graphql_aliases(std::string_view body, const std::vector<std::string>& aliases,
                                          const alias_reader& read, std::vector<alias_outcome>& outcomes);
} // namespace detail

/// Parses the answer to aliased root fields (`d0: workDiaryContract(...) d1: ...`) with
/// `read(reader&, value) -> T` per alias: one result per alias, in `aliases`' order, each a
/// value or its own error; the outer result fails only when the whole answer did (HTTP
/// level, no `data`, a body that does not parse).
template <class T, class F>
result<std::vector<result<T>>> parse_graphql_aliases(std::string_view body, const std::vector<std::string>& aliases,
                                                     F&& read) {
  std::vector<T> values(aliases.size());
  std::vector<detail::alias_outcome> outcomes(aliases.size());
  auto err = detail::read_graphql_aliases(
    body, aliases, [&](json_in::reader& r, simdjson::dom::element e, std::size_t i) { values[i] = read(r, e); },
    outcomes);
  if (err)
    return std::move(*err);
  std::vector<result<T>> out;
  out.reserve(aliases.size());
  for (std::size_t i = 0; i < aliases.size(); ++i) {
    if (outcomes[i].failure)
      out.emplace_back(std::move(*outcomes[i].failure));
    else
      out.push_back(result<T>{std::move(values[i])}.with_skipped(outcomes[i].skipped, outcomes[i].skip_reason));
  }
  return out;
}

/// Parses a GraphQL answer body with `read(reader&, data_object, partial) -> T`.
/// - syntax errors, bad UTF-8, truncation, a wrong shape without `errors`: `malformed`,
///   the message naming the JSON path;
/// - `errors` with no usable `data`: the classified error;
/// - `errors` next to usable `data`: the partial value and the classified error.
template <class T, class F>
result<T> parse_graphql(std::string_view body, F&& read) {
  T out{};
  bool have_value = false;
  std::size_t skipped = 0;
  std::string skip_reason;
  auto err = detail::read_graphql(
    body, [&](json_in::reader& r, simdjson::dom::object data, bool partial) { out = read(r, data, partial); },
    have_value, skipped, skip_reason);
  if (!err)
    return result<T>{std::move(out)}.with_skipped(skipped, std::move(skip_reason));
  if (have_value)
    return result<T>{std::move(out), std::move(*err)}.with_skipped(skipped, std::move(skip_reason));
  return result<T>{std::move(*err)};
}

/// Runs `f(element)` for each item of `a` inside its `[i]` scope. An item that is null or
/// fails to read (not an object, a required id missing, not a usable contract) is skipped:
/// one odd entry never costs the rest of the list. Without `partial` the reader counts it
/// (result::skipped, logged and metered by the client); with `partial` the answer's own
/// errors already explain the hole.
template <class F>
void for_each_item(json_in::reader& r, simdjson::dom::array a, bool partial, F&& f) {
  std::size_t i = 0;
  for (simdjson::dom::element e : a) {
    json_in::reader::scope s{r, i++};
    if (e.is_null()) {
      if (!partial)
        r.note_skipped(r.path() + ": is null");
      continue;
    }
    try {
      f(e);
    } catch (const json_in::schema_error& err) {
      if (!partial)
        r.note_skipped(err.what());
    }
  }
}

/// Like for_each_item, but one bad item fails the whole list: for lists that are only
/// right whole (a contract's rate history: a hole would price hours wrongly).
template <class F>
void for_each_item_strict(json_in::reader& r, simdjson::dom::array a, F&& f) {
  std::size_t i = 0;
  for (simdjson::dom::element e : a) {
    json_in::reader::scope s{r, i++};
    if (e.is_null())
      r.fail("is null");
    f(e);
  }
}

} // namespace upsync::upwork
