// GraphQL envelope parsing and error classification.
#include "protocol/upwork/graphql_response.hpp"

#include <algorithm>
#include <cctype>

namespace upsync::upwork {
namespace {

constexpr std::size_t max_errors_kept = 20;
constexpr std::size_t max_message_bytes = 300;

std::string lower(std::string_view s) {
  std::string out{s};
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

error_kind classify_one(const graphql_error& e) {
  const std::string cls = lower(e.classification);
  const std::string msg = lower(e.message);
  if (cls == "unauthenticated" || cls == "unauthorized" || contains(msg, "token is expired")
      || contains(msg, "invalid access token") || contains(msg, "unauthenticated"))
    return error_kind::auth;
  if (cls == "validationerror" || cls == "invalidsyntax" || cls == "operationnotsupported" || cls == "bad_user_input"
      || cls == "graphql_validation_failed" || cls == "graphql_parse_failed" || cls == "forbidden"
      || cls == "permission_denied" || cls == "not_found" || cls == "notfound")
    return error_kind::permanent;
  // A validation error without a classification (graphql-js words it "Cannot query field
  // ...", graphql-java "Validation error ..."): the same query fails the same way again.
  if (contains(msg, "cannot query field") || contains(msg, "validation error"))
    return error_kind::permanent;
  // The missing-scope answer comes as ExecutionAborted; so may a server-side timeout, so
  // the message decides.
  if (contains(msg, "permissions/scopes") || contains(msg, "oauth2 permissions") || contains(msg, "permission")
      || contains(msg, "not authorized") || contains(msg, "access denied") || contains(msg, "forbidden"))
    return error_kind::permanent;
  return error_kind::retryable;
}

std::string clip(std::string_view s) {
  if (s.size() <= max_message_bytes)
    return std::string{s};
  return std::string{s.substr(0, max_message_bytes)} + "...";
}

std::vector<graphql_error> read_errors(json_in::reader& r, simdjson::dom::element errors_el) {
  std::vector<graphql_error> out;
  json_in::reader::scope s{r, "errors"};
  auto arr = r.array(errors_el);
  std::size_t i = 0;
  for (simdjson::dom::element e : arr) {
    json_in::reader::scope item{r, i++};
    if (out.size() >= max_errors_kept)
      break;
    graphql_error ge;
    if (e.type() == simdjson::dom::element_type::STRING) {
      ge.message = clip(e.get_string().value_unsafe());
      out.push_back(std::move(ge));
      continue;
    }
    auto obj = r.object(e);
    ge.message = clip(r.optional_string(obj, "message"));
    if (auto ext = json_in::reader::get(obj, "extensions")) {
      json_in::reader::scope es{r, "extensions"};
      auto ext_obj = r.object(*ext);
      ge.classification = r.optional_string(ext_obj, "classification");
      if (ge.classification.empty())
        ge.classification = r.optional_string(ext_obj, "code");
    }
    if (auto path = json_in::reader::get(obj, "path")) {
      simdjson::dom::array parts;
      if (!path->get_array().get(parts)) {
        for (simdjson::dom::element p : parts) {
          if (!ge.path.empty())
            ge.path += '.';
          if (p.type() == simdjson::dom::element_type::STRING)
            ge.path += clip(p.get_string().value_unsafe());
          else if (p.type() == simdjson::dom::element_type::INT64)
            ge.path += std::to_string(p.get_int64().value_unsafe());
          else if (p.type() == simdjson::dom::element_type::UINT64)
            ge.path += std::to_string(p.get_uint64().value_unsafe());
        }
      }
    }
    out.push_back(std::move(ge));
  }
  if (out.empty())
    out.push_back(graphql_error{"empty errors array", "", ""});
  return out;
}

} // namespace

error classify_graphql_errors(const std::vector<graphql_error>& errors) {
  error_kind kind = error_kind::retryable;
  bool any_auth = false;
  bool any_permanent = false;
  std::string msg = "graphql:";
  for (const auto& e : errors) {
    switch (classify_one(e)) {
    case error_kind::permanent: any_permanent = true; break;
    case error_kind::auth: any_auth = true; break;
    default: break;
    }
    msg += " [";
    if (!e.classification.empty())
      msg += e.classification + ": ";
    msg += e.message;
    if (!e.path.empty())
      msg += " at " + e.path;
    msg += "]";
  }
  if (any_permanent)
    kind = error_kind::permanent;
  else if (any_auth)
    kind = error_kind::auth;
  return make_error(kind, std::move(msg), 200);
}

namespace detail {

namespace {

/// An answer's `errors` and its `data` object, parsed with the thread's parser (its buffers
/// are reused from page to page, so `data` lives until the thread parses again).
struct envelope {
  std::vector<graphql_error> errors;
  simdjson::dom::object data;
};

/// Parses the envelope; the whole answer's error when there is no usable `data`.
std::optional<error> read_envelope(std::string_view body, json_in::reader& r, envelope& out) {
  thread_local simdjson::dom::parser parser;
  simdjson::padded_string padded{body};
  auto parsed = parser.parse(padded);
  if (parsed.error())
    return make_error(error_kind::malformed, std::string{"invalid JSON: "} + simdjson::error_message(parsed.error()),
                      200);
  std::optional<simdjson::dom::object> data;
  try {
    auto obj = r.object(parsed.value_unsafe());
    if (auto errs = json_in::reader::get(obj, "errors"))
      out.errors = read_errors(r, *errs);
    if (auto d = json_in::reader::get(obj, "data")) {
      json_in::reader::scope s{r, "data"};
      data = r.object(*d);
    }
  } catch (const json_in::schema_error& e) {
    return make_error(error_kind::malformed, e.what(), 200);
  }
  if (!data) {
    if (!out.errors.empty())
      return classify_graphql_errors(out.errors);
    return make_error(error_kind::malformed, "data: missing", 200);
  }
  out.data = *data;
  return std::nullopt;
}

} // namespace

std::optional<error> read_graphql(std::string_view body, const data_reader& read, bool& have_value,
                                  std::size_t& skipped, std::string& skip_reason) {
  have_value = false;
  skipped = 0;
  json_in::reader r;
  envelope env;
  if (auto failed = read_envelope(body, r, env))
    return failed;
  const auto& errors = env.errors;
  const bool partial = !errors.empty();
  try {
    json_in::reader::scope s{r, "data"};
    read(r, env.data, partial);
    skipped = r.skipped();
    skip_reason = r.first_skip_reason();
  } catch (const json_in::schema_error& e) {
    if (partial)
      return classify_graphql_errors(errors);
    return make_error(error_kind::malformed, e.what(), 200);
  }
  if (partial) {
    have_value = true;
    return classify_graphql_errors(errors);
  }
  return std::nullopt;
}

namespace {

/// The alias an error's path starts with ("d3.workDiaryTimeCells.5" -> "d3").
std::string_view alias_of(const graphql_error& e) {
  std::string_view path{e.path};
  return path.substr(0, path.find('.'));
}

} // namespace

std::optional<error> read_graphql_aliases(std::string_view body, const std::vector<std::string>& aliases,
                                          const alias_reader& read, std::vector<alias_outcome>& outcomes) {
  outcomes.assign(aliases.size(), alias_outcome{});
  json_in::reader r;
  envelope env;
  if (auto failed = read_envelope(body, r, env))
    return failed;
  // Each error to the alias its path names; the rest (no path, or none of ours) explain the
  // nulls no alias error explains.
  std::vector<std::vector<graphql_error>> own(aliases.size());
  std::vector<graphql_error> unplaced;
  for (const auto& e : env.errors) {
    auto at = std::find(aliases.begin(), aliases.end(), alias_of(e));
    (at == aliases.end() ? unplaced : own[static_cast<std::size_t>(at - aliases.begin())]).push_back(e);
  }
  for (std::size_t i = 0; i < aliases.size(); ++i) {
    if (!own[i].empty()) { // partial data of one contract-day is no day: it is read again
      outcomes[i].failure = classify_graphql_errors(own[i]);
      continue;
    }
    auto value = json_in::reader::get(env.data, aliases[i]);
    if (!value || value->is_null()) {
      outcomes[i].failure = unplaced.empty()
                              ? make_error(error_kind::malformed, "data." + aliases[i] + ": missing", 200)
                              : classify_graphql_errors(unplaced);
      continue;
    }
    json_in::reader alias_reader;
    try {
      json_in::reader::scope ds{alias_reader, "data"};
      json_in::reader::scope as{alias_reader, aliases[i]};
      read(alias_reader, *value, i);
      outcomes[i].skipped = alias_reader.skipped();
      outcomes[i].skip_reason = alias_reader.first_skip_reason();
    } catch (const json_in::schema_error& e) {
      outcomes[i].failure = make_error(error_kind::malformed, e.what(), 200);
    }
  }
  return std::nullopt;
}

} // namespace detail
} // namespace upsync::upwork
