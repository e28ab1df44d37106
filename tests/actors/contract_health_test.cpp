// An organization's book of failing contracts: what it persists (changes only) and what it
// counts (failures by code, contracts failing) — issue 16.
#include "actors/contract_health.hpp"
#include "actors/engine_metrics.hpp"

#include "metrics/registry.hpp"

#include <gtest/gtest.h>

using namespace upsync;
using namespace upsync::sync;

namespace {

fetch_failure upwork_error() {
  return fetch_failure{fetch_failure::what::retry_later, "graphql", failure_code::upwork_error, "x"};
}

} // namespace

TEST(contract_health_book, persists_changes_only_and_counts_failures_and_failing_contracts) {
  metrics::registry registry;
  engine_instruments m{registry};
  auto failures = [&](const char* code) { return m.contract_sync_failures.with({code}).value(); };
  {
    contract_health_book book;
    book.start(7, &m);
    book.cycle_done("c1", std::nullopt); // healthy: nothing
    EXPECT_TRUE(book.take_changes().empty());

    for (int i = 1; i <= storage::sync_health::failing_after; ++i) {
      book.cycle_done("c1", upwork_error());
      book.cycle_done("c2", std::nullopt);
      auto changes = book.take_changes();
      ASSERT_EQ(changes.size(), 1u);
      EXPECT_EQ(changes[0].workspace_id, 7);
      EXPECT_EQ(changes[0].contract_id, "c1");
      EXPECT_EQ(changes[0].failures_in_a_row, i);
      EXPECT_EQ(changes[0].code, "upwork_error");
      EXPECT_EQ(changes[0].message, "x");
      EXPECT_EQ(m.contracts_failing.value(), i >= storage::sync_health::failing_after ? 1 : 0);
    }
    EXPECT_EQ(failures("upwork_error"), storage::sync_health::failing_after);
    EXPECT_EQ(failures("database"), 0);

    // What PostgreSQL says of another contract after a restart; what the book knows wins.
    book.loaded("c3", 5);
    book.loaded("c1", 1);
    EXPECT_EQ(book.failures_in_a_row("c1"), storage::sync_health::failing_after);
    EXPECT_EQ(m.contracts_failing.value(), 2);

    // The first success after failures is written once; then nothing.
    book.cycle_done("c1", std::nullopt);
    auto recovered = book.take_changes();
    ASSERT_EQ(recovered.size(), 1u);
    EXPECT_EQ(recovered[0].failures_in_a_row, 0);
    EXPECT_EQ(recovered[0].code, "");
    book.cycle_done("c1", std::nullopt);
    EXPECT_TRUE(book.take_changes().empty());
    EXPECT_EQ(m.contracts_failing.value(), 1);

    book.forget("c3"); // no longer syncs here
    EXPECT_EQ(m.contracts_failing.value(), 0);
    book.loaded("c4", storage::sync_health::failing_after);
    EXPECT_EQ(m.contracts_failing.value(), 1);
  }
  // The organization stopped: its contracts leave the gauge.
  EXPECT_EQ(m.contracts_failing.value(), 0);
}
