// Parsing and printing of fault knobs.
#include "sim/fault_config.hpp"

#include "common/json_writer.hpp"

#include <cstdlib>
#include <string>

namespace upsync::sim {

const fault_knob_help fault_knobs[] = {
  {"rate_limit_rps", "requests per second per client before HTTP 429 (0 = unlimited)"},
  {"rate_limit_burst", "token-bucket size of the per-client rate limit"},
  {"retry_after_share", "share of 429 answers that carry a Retry-After header"},
  {"error_5xx_share", "share of answers replaced by 502, 503 or 504"},
  {"latency_ms", "milliseconds added to every answer"},
  {"latency_jitter_ms", "plus a uniform random 0..N milliseconds"},
  {"token_max_requests", "access tokens answer 401 after N requests (0 = never)"},
  {"partial_error_share", "share of GraphQL answers with an error and a nulled nested field"},
  {"alias_error_share", "share of the aliased root fields of a batched query that fail alone (null, error with path)"},
  {"numbers_as_strings_share", "share of GraphQL answers that send every number as a string"},
  {"iso_cell_times_share", "share of work-diary answers with ISO-8601 cell times"},
  {"truncated_share", "share of GraphQL bodies cut short"},
  {"malformed_share", "share of GraphQL bodies with broken JSON syntax"},
  {"type_title_scope", "true: grants have the scope for organization.typeTitle"},
  {"oauth_faults", "true: rate limit, 5xx and latency also hit the token endpoint"},
  {"seed", "seed of the fault draws (reproducible per request sequence)"},
};
const std::size_t fault_knob_count = sizeof fault_knobs / sizeof fault_knobs[0];

namespace {

bool parse_double(std::string_view text, double& out, double lo, double hi) {
  std::string s{text};
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (s.empty() || *end != '\0' || v < lo || v > hi)
    return false;
  out = v;
  return true;
}

bool parse_int(std::string_view text, long long& out) {
  std::string s{text};
  char* end = nullptr;
  long long v = std::strtoll(s.c_str(), &end, 10);
  if (s.empty() || *end != '\0' || v < 0)
    return false;
  out = v;
  return true;
}

bool parse_bool(std::string_view text, bool& out) {
  if (text == "true" || text == "1" || text == "yes" || text == "on")
    out = true;
  else if (text == "false" || text == "0" || text == "no" || text == "off")
    out = false;
  else
    return false;
  return true;
}

} // namespace

bool fault_config::set(std::string_view name, std::string_view value) {
  long long i = 0;
  if (name == "rate_limit_rps")
    return parse_double(value, rate_limit_rps, 0, 1e9);
  if (name == "rate_limit_burst")
    return parse_double(value, rate_limit_burst, 1, 1e9);
  if (name == "retry_after_share")
    return parse_double(value, retry_after_share, 0, 1);
  if (name == "error_5xx_share")
    return parse_double(value, error_5xx_share, 0, 1);
  if (name == "partial_error_share")
    return parse_double(value, partial_error_share, 0, 1);
  if (name == "alias_error_share")
    return parse_double(value, alias_error_share, 0, 1);
  if (name == "numbers_as_strings_share")
    return parse_double(value, numbers_as_strings_share, 0, 1);
  if (name == "iso_cell_times_share")
    return parse_double(value, iso_cell_times_share, 0, 1);
  if (name == "truncated_share")
    return parse_double(value, truncated_share, 0, 1);
  if (name == "malformed_share")
    return parse_double(value, malformed_share, 0, 1);
  if (name == "type_title_scope")
    return parse_bool(value, type_title_scope);
  if (name == "oauth_faults")
    return parse_bool(value, oauth_faults);
  if (name == "latency_ms" && parse_int(value, i) && i <= 600'000) {
    latency_ms = static_cast<int>(i);
    return true;
  }
  if (name == "latency_jitter_ms" && parse_int(value, i) && i <= 600'000) {
    latency_jitter_ms = static_cast<int>(i);
    return true;
  }
  if (name == "token_max_requests" && parse_int(value, i) && i <= 1'000'000'000) {
    token_max_requests = static_cast<int>(i);
    return true;
  }
  if (name == "seed" && parse_int(value, i)) {
    seed = static_cast<std::uint64_t>(i);
    return true;
  }
  return false;
}

std::string fault_config::to_json() const {
  json::writer w;
  w.begin_object()
    .field("rate_limit_rps", rate_limit_rps)
    .field("rate_limit_burst", rate_limit_burst)
    .field("retry_after_share", retry_after_share)
    .field("error_5xx_share", error_5xx_share)
    .field("latency_ms", latency_ms)
    .field("latency_jitter_ms", latency_jitter_ms)
    .field("token_max_requests", token_max_requests)
    .field("partial_error_share", partial_error_share)
    .field("alias_error_share", alias_error_share)
    .field("numbers_as_strings_share", numbers_as_strings_share)
    .field("iso_cell_times_share", iso_cell_times_share)
    .field("truncated_share", truncated_share)
    .field("malformed_share", malformed_share)
    .field("type_title_scope", type_title_scope)
    .field("oauth_faults", oauth_faults)
    .field("seed", static_cast<std::int64_t>(seed))
    .end_object();
  return std::move(w).str();
}

} // namespace upsync::sim
