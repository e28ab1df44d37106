// Interval listing pages through every row exactly once, whatever the page size.
#include "storage/interval_store.hpp"
#include "storage/workspace_store.hpp"
#include "tests/support/pg_cluster.hpp"

#include <gtest/gtest.h>
#include <pqxx/pqxx>
#include <set>

using namespace upsync::storage;
using upsync::testing::pg_cluster;

TEST(interval_store, paging_returns_every_interval_exactly_once_even_with_equal_start_times) {
  pqxx::connection db{pg_cluster::shared().create_migrated_database()};
  pqxx::work tx{db};
  auto ws = workspace_store::create_workspace(tx, "A", "UTC");
  auto m = workspace_store::create_member(tx, ws.id, "Ada", "ada@example.com", role::member);
  std::set<db_id> created;
  for (int i = 0; i < 257; ++i) {
    // Groups of five share a start time, so the id must break ties.
    std::int64_t start = 1'780'000'000 + (i / 5) * 600;
    created.insert(interval_store::create_manual(tx, ws.id, {m.id, {}, start, start + 300, {}, {}, {}}).id);
  }
  for (int limit : {1, 7, 100, 1000}) {
    std::set<db_id> seen;
    std::optional<interval_store::page_key> after;
    std::int64_t last_start = 0;
    for (;;) {
      auto page = interval_store::list(tx, ws.id, {}, after, limit);
      for (const auto& r : page) {
        EXPECT_TRUE(seen.insert(r.id).second) << "duplicate " << r.id;
        EXPECT_GE(r.started_at, last_start);
        last_start = r.started_at;
      }
      if (static_cast<int>(page.size()) < limit)
        break;
      after = interval_store::page_key{page.back().started_at, page.back().id};
    }
    EXPECT_EQ(seen, created) << "limit " << limit;
  }
}
