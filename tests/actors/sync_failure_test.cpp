// Failure codes, secret-free summaries and the failures-in-a-row rule (issue 16).
#include "actors/sync_failure.hpp"

#include "protocol/upwork/error.hpp"

#include <gtest/gtest.h>

using namespace upsync;
using namespace upsync::sync;

namespace {

upwork::error error_of(upwork::error_kind kind, std::string message, int status) {
  return upwork::make_error(kind, std::move(message), status);
}

} // namespace

TEST(sync_failure, upwork_errors_get_a_code_and_a_summary_without_the_answer) {
  const std::string secret = "oauth2v2_0123456789abcdef";
  auto graphql = failure_from(error_of(upwork::error_kind::retryable,
                                       "graphql: [ExecutionAborted: token " + secret + " at workDiaryContract]", 200),
                              "workDiaryContract");
  EXPECT_EQ(graphql.code, failure_code::upwork_error);
  EXPECT_EQ(shown_message(graphql), "workDiaryContract: Upwork answered with a GraphQL error (ExecutionAborted)");
  EXPECT_EQ(graphql.kind, fetch_failure::what::retry_later);
  EXPECT_NE(graphql.message.find(secret), std::string::npos); // the log keeps the detail

  // Only a plain word survives as the classification.
  auto odd = failure_from(error_of(upwork::error_kind::permanent, "graphql: [" + secret + ": x]", 200), "op");
  EXPECT_EQ(shown_message(odd), "op: Upwork answered with a GraphQL error");
  EXPECT_EQ(odd.kind, fetch_failure::what::permanent);

  auto body = "graphql: HTTP 500: <html>" + secret + "</html>";
  auto unavailable = failure_from(error_of(upwork::error_kind::retryable, body, 500), "workDiaryContract");
  EXPECT_EQ(unavailable.code, failure_code::unavailable);
  EXPECT_EQ(shown_message(unavailable), "workDiaryContract: Upwork answered HTTP 500");

  auto limited = failure_from(error_of(upwork::error_kind::retryable, "graphql: HTTP 429: " + secret, 429), "x");
  EXPECT_EQ(limited.code, failure_code::rate_limited);
  auto timeout = failure_from(error_of(upwork::error_kind::retryable, "read: timeout", 0), "x");
  EXPECT_EQ(timeout.code, failure_code::timeout);
  auto refused = failure_from(error_of(upwork::error_kind::retryable, "connect: Connection refused", 0), "x");
  EXPECT_EQ(refused.code, failure_code::unavailable);
  auto malformed = failure_from(error_of(upwork::error_kind::malformed, "invalid JSON " + secret, 200), "x");
  EXPECT_EQ(malformed.code, failure_code::upwork_error);
  auto forbidden = failure_from(error_of(upwork::error_kind::permanent, "graphql: HTTP 403: " + secret, 403), "x");
  EXPECT_EQ(shown_message(forbidden), "x: Upwork refused the request (HTTP 403)");
  auto reauth = failure_from(error_of(upwork::error_kind::needs_reauth, "invalid_grant", 400), "token");
  EXPECT_EQ(reauth.kind, fetch_failure::what::needs_reauth);

  for (const auto* f : {&graphql, &odd, &unavailable, &limited, &timeout, &refused, &malformed, &forbidden})
    EXPECT_EQ(shown_message(*f).find(secret), std::string::npos) << shown_message(*f);
  EXPECT_EQ(shown_message(database_failure("duplicate key " + secret)), "the database refused the sync's work");
  EXPECT_STREQ(to_string(failure_code::rate_limited), "rate_limited");
  EXPECT_STREQ(to_string(failure_code::database), "database");
}

TEST(sync_failure, failures_count_in_a_row_and_only_changes_are_written) {
  int n = 0;
  EXPECT_FALSE(after_cycle(n, std::nullopt)); // healthy stays healthy: nothing to write
  auto f = database_failure("down");
  auto first = after_cycle(n, f);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->failures_in_a_row, 1);
  EXPECT_EQ(first->code, failure_code::database);
  EXPECT_EQ(after_cycle(n, f)->failures_in_a_row, 2);
  EXPECT_EQ(n, 2);
  // A lost grant is the connection's state, not the contract's failure.
  EXPECT_FALSE(after_cycle(n, fetch_failure{fetch_failure::what::needs_reauth, "invalid_grant"}));
  EXPECT_EQ(n, 2);
  auto recovered = after_cycle(n, std::nullopt);
  ASSERT_TRUE(recovered);
  EXPECT_EQ(recovered->failures_in_a_row, 0);
  EXPECT_EQ(n, 0);
  EXPECT_FALSE(after_cycle(n, std::nullopt));
}
