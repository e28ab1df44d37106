// The fault-injection knobs, settable from the command line and the control API.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace upsync::sim {

/// Every knob defaults to "off". Shares are probabilities in [0, 1] drawn per request.
struct fault_config {
  double rate_limit_rps = 0;           ///< requests per second per client; 0 = unlimited
  double rate_limit_burst = 10;        ///< bucket size of the per-client token bucket
  double retry_after_share = 0.5;      ///< share of 429 answers that carry Retry-After
  double error_5xx_share = 0;          ///< share of answers replaced by 502/503/504
  int latency_ms = 0;                  ///< added to every faultable answer
  int latency_jitter_ms = 0;           ///< plus uniform 0..jitter
  int token_max_requests = 0;          ///< access tokens die (401) after N requests; 0 = never
  double partial_error_share = 0;      ///< GraphQL answers with an error and a nulled field
  double alias_error_share = 0;        ///< root fields of a batched (aliased) query failing alone
  double numbers_as_strings_share = 0; ///< GraphQL answers with every number as a string
  double iso_cell_times_share = 0;     ///< cellDateTime.rawValue as ISO-8601, not epoch ms
  double truncated_share = 0;          ///< GraphQL bodies cut short
  double malformed_share = 0;          ///< GraphQL bodies with broken JSON syntax
  bool type_title_scope = false;       ///< false: asking typeTitle aborts (missing scope)
  bool oauth_faults = false;           ///< also apply rate limit, 5xx and latency to /token
  std::uint64_t seed = 1;              ///< draws are reproducible for a request sequence

  /// Sets one knob from text; false when the name or value is invalid.
  bool set(std::string_view name, std::string_view value);
  /// The knobs as a JSON object (for the control API).
  std::string to_json() const;
};

/// The knob names with one-line help, for --help and the docs.
struct fault_knob_help {
  const char* name;
  const char* help;
};
extern const fault_knob_help fault_knobs[];
extern const std::size_t fault_knob_count;

} // namespace upsync::sim
