// Why a sync step failed, as the engine acts on it and as operators see it: a machine code
// and a short text that never holds a token or a piece of Upwork's answer (the status page
// and the diagnosis show it), and the pure rule that turns a contract's cycles into its
// failures in a row. Free of actors and I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace upsync::upwork {
struct error;
}

namespace upsync::sync {

/// The machine code of a failed cycle, as stored (`last_error_code`) and counted
/// (`upsync_contract_sync_failures_total{code}`).
enum class failure_code : std::uint8_t {
  upwork_error, ///< Upwork answered with an error (GraphQL errors, 4xx) or something not understood
  rate_limited, ///< still 429 after the client's retries
  unavailable,  ///< 5xx or Upwork could not be reached
  timeout,      ///< Upwork did not answer in time
  database,     ///< PostgreSQL refused or lost the sync's read or write
  internal,     ///< anything else (an actor that did not answer, an unexpected exception)
};

/// Every code, in declaration order (for metrics that announce each at zero).
inline constexpr failure_code all_failure_codes[] = {failure_code::upwork_error, failure_code::rate_limited,
                                                     failure_code::unavailable,  failure_code::timeout,
                                                     failure_code::database,     failure_code::internal};

/// "upwork_error", "rate_limited", ...
const char* to_string(failure_code code);

/// Why a fetch (or the write after it) failed, as the engine acts on it.
struct fetch_failure {
  enum class what { retry_later, needs_reauth, permanent };

  fetch_failure() = default;
  fetch_failure(what k, std::string log_message, failure_code c = failure_code::internal, std::string shown = {})
      : kind(k), message(std::move(log_message)), code(c), summary(std::move(shown)) {}

  what kind = what::retry_later;
  std::string message; ///< for the log: may quote Upwork's answer, so never stored or shown
  failure_code code = failure_code::internal;
  std::string summary; ///< short and secret-free, for the API; empty: the code's default text
};

/// What the API shows of a failure: its summary, or the code's default text.
std::string shown_message(const fetch_failure& f);

/// A failure of the Upwork client turned into the engine's terms. `operation` names what was
/// read ("workDiaryContract", "contractTimeReport") in the summary. Only the HTTP status and
/// a GraphQL error classification made of letters survive into the summary, never the body.
fetch_failure failure_from(const upwork::error& e, std::string_view operation);

/// A failure of the engine's own PostgreSQL work (a write or a read for a cycle).
fetch_failure database_failure(std::string log_message);

/// What one cycle's outcome changes in a contract's persisted health: its failures in a
/// row after it (0 = it succeeded after failures) and, for a failure, its code and text.
struct health_change {
  int failures_in_a_row = 0;
  failure_code code = failure_code::internal;
  std::string message;
};

/// Applies one cycle's outcome (`failure` empty: it succeeded) to `failures_in_a_row` and
/// says what must be written: every failure (the count moved), the first success after
/// failures, nothing for a success after a success (an idle contract costs no write). A
/// lost grant is not the contract's failure (the connection shows needs_reauth): nothing.
std::optional<health_change> after_cycle(int& failures_in_a_row, const std::optional<fetch_failure>& failure);

} // namespace upsync::sync
