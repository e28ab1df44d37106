// Failure codes, safe summaries and the failures-in-a-row rule (see sync_failure.hpp).
#include "actors/sync_failure.hpp"

#include "protocol/upwork/error.hpp"

#include <cctype>

namespace upsync::sync {

namespace {

constexpr std::size_t max_classification = 40;

// The first GraphQL error's classification in the client's message ("graphql: [Class: …]"),
// when it is a plain word: letters and underscores only, so nothing Upwork wrote in free
// text (let alone a secret) gets through.
std::string graphql_classification(std::string_view message) {
  constexpr std::string_view prefix = "graphql: [";
  if (message.substr(0, prefix.size()) != prefix)
    return {};
  auto rest = message.substr(prefix.size());
  std::size_t n = 0;
  while (n < rest.size() && n <= max_classification
         && (std::isalpha(static_cast<unsigned char>(rest[n])) || rest[n] == '_'))
    ++n;
  if (n == 0 || n > max_classification || n >= rest.size() || rest[n] != ':')
    return {};
  return std::string{rest.substr(0, n)};
}

} // namespace

const char* to_string(failure_code code) {
  switch (code) {
  case failure_code::upwork_error: return "upwork_error";
  case failure_code::rate_limited: return "rate_limited";
  case failure_code::unavailable: return "unavailable";
  case failure_code::timeout: return "timeout";
  case failure_code::database: return "database";
  default: return "internal";
  }
}

std::string shown_message(const fetch_failure& f) {
  if (!f.summary.empty())
    return f.summary;
  switch (f.code) {
  case failure_code::upwork_error: return "Upwork answered with an error";
  case failure_code::rate_limited: return "Upwork's rate limit held every retry back";
  case failure_code::unavailable: return "Upwork was unavailable";
  case failure_code::timeout: return "Upwork did not answer in time";
  case failure_code::database: return "the database refused the sync's work";
  default: return "the sync stopped on an internal error";
  }
}

fetch_failure failure_from(const upwork::error& e, std::string_view operation) {
  fetch_failure f;
  f.message = e.message;
  switch (e.kind) {
  case upwork::error_kind::needs_reauth: f.kind = fetch_failure::what::needs_reauth; break;
  case upwork::error_kind::permanent: f.kind = fetch_failure::what::permanent; break;
  default: f.kind = fetch_failure::what::retry_later; break; // the client already retried
  }
  std::string op{operation};
  std::string status = std::to_string(e.http_status);
  if (e.kind == upwork::error_kind::budget_spent) {
    f.code = failure_code::rate_limited;
    f.summary = op
                + ": not sent, today's Upwork request budget (UPSYNC_UPWORK_DAILY_REQUESTS) is spent; it "
                  "renews at 00:00 UTC";
  } else if (e.http_status == 429) {
    f.code = failure_code::rate_limited;
    f.summary = op + ": Upwork's rate limit (HTTP 429) held every retry back";
  } else if (e.http_status >= 500) {
    f.code = failure_code::unavailable;
    f.summary = op + ": Upwork answered HTTP " + status;
  } else if (e.http_status == 0 && e.kind == upwork::error_kind::config) {
    f.code = failure_code::internal;
    f.summary = op + ": the Upwork client is not configured to reach Upwork";
  } else if (e.http_status == 0 && e.message.find("timeout") != std::string::npos) {
    f.code = failure_code::timeout;
    f.summary = op + ": Upwork did not answer in time";
  } else if (e.http_status == 0 && e.kind != upwork::error_kind::needs_reauth) {
    f.code = failure_code::unavailable;
    f.summary = op + ": Upwork could not be reached";
  } else if (e.kind == upwork::error_kind::malformed) {
    f.code = failure_code::upwork_error;
    f.summary = op + ": Upwork's answer was not understood";
  } else if (e.http_status == 200) {
    f.code = failure_code::upwork_error;
    auto cls = graphql_classification(e.message);
    f.summary = op + ": Upwork answered with a GraphQL error" + (cls.empty() ? "" : " (" + cls + ")");
  } else {
    f.code = failure_code::upwork_error;
    f.summary = op + ": Upwork refused the request" + (e.http_status ? " (HTTP " + status + ")" : "");
  }
  return f;
}

fetch_failure database_failure(std::string log_message) {
  fetch_failure f;
  f.message = std::move(log_message);
  f.code = failure_code::database;
  return f;
}

std::optional<health_change> after_cycle(int& failures_in_a_row, const std::optional<fetch_failure>& failure) {
  if (!failure) {
    if (failures_in_a_row == 0)
      return std::nullopt;
    failures_in_a_row = 0;
    return health_change{};
  }
  if (failure->kind == fetch_failure::what::needs_reauth)
    return std::nullopt;
  ++failures_in_a_row;
  return health_change{failures_in_a_row, failure->code, shown_message(*failure)};
}

} // namespace upsync::sync
