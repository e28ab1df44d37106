// The daily budget's ledger in PostgreSQL (issue 19): reservations never pass the day's
// limit, whoever asks (several connections at once stand for several nodes), and the count
// outlives the connection that made it (a restart). And what each connection sent, added
// by every node.
#include "storage/connection_request_days.hpp"
#include "storage/upwork_connections_store.hpp"
#include "storage/upwork_request_days.hpp"
#include "storage/workspace_store.hpp"
#include "tests/support/pg_cluster.hpp"

#include <gtest/gtest.h>
#include <pqxx/pqxx>
#include <thread>
#include <vector>

using namespace upsync::storage;
using upsync::storage::upwork_request_days::pg_request_ledger;
using upsync::testing::pg_cluster;

namespace {

constexpr std::int64_t day = 20682;

TEST(upwork_request_days, a_reservation_gets_what_is_left_and_never_more) {
  auto url = pg_cluster::shared().create_migrated_database();
  pqxx::connection db{url};
  pqxx::work tx{db};
  auto first = upwork_request_days::reserve(tx, day, 10, 25);
  EXPECT_EQ(first.granted, 10);
  EXPECT_EQ(first.reserved, 10);
  auto second = upwork_request_days::reserve(tx, day, 10, 25);
  EXPECT_EQ(second.granted, 10);
  auto third = upwork_request_days::reserve(tx, day, 10, 25);
  EXPECT_EQ(third.granted, 5) << "what is left of the limit";
  EXPECT_EQ(third.reserved, 25);
  auto spent = upwork_request_days::reserve(tx, day, 10, 25);
  EXPECT_EQ(spent.granted, 0);
  EXPECT_EQ(upwork_request_days::reserved(tx, day), 25);
  EXPECT_EQ(upwork_request_days::reserved(tx, day + 1), 0) << "each UTC day counts alone";
  tx.commit();
}

TEST(upwork_request_days, many_nodes_at_once_never_pass_the_limit_and_a_restart_keeps_the_count) {
  auto url = pg_cluster::shared().create_migrated_database();
  constexpr std::int64_t limit = 1000;
  std::vector<std::int64_t> granted(4, 0);
  {
    std::vector<std::thread> nodes;
    for (std::size_t n = 0; n < granted.size(); ++n)
      nodes.emplace_back([&, n] {
        pg_request_ledger ledger{url}; // its own connection, as a node's
        for (;;) {
          auto g = ledger.reserve(day, 7, limit);
          if (g.granted == 0)
            break;
          granted[n] += g.granted;
        }
      });
    for (auto& t : nodes)
      t.join();
  }
  std::int64_t total = 0;
  for (auto g : granted)
    total += g;
  EXPECT_EQ(total, limit) << "every request of the day went to exactly one node";
  pg_request_ledger restarted{url};
  EXPECT_EQ(restarted.reserve(day, 7, limit).granted, 0) << "a new process finds the day spent";
}

TEST(upwork_request_days, a_ledger_that_lost_postgresql_throws_and_reconnects) {
  pg_request_ledger ledger{"postgresql://127.0.0.1:1/none?connect_timeout=1"};
  EXPECT_ANY_THROW(ledger.reserve(day, 1, 10));
}

TEST(connection_request_days, every_nodes_counts_add_up_by_connection_and_day) {
  auto url = pg_cluster::shared().create_migrated_database();
  pqxx::connection db{url};
  pqxx::work tx{db};
  auto ws = workspace_store::create_workspace(tx, "Requests", "UTC");
  auto other = workspace_store::create_workspace(tx, "Other", "UTC");
  auto owner = workspace_store::create_member(tx, ws.id, "Owner", "o@example.com", role::super_admin);
  auto other_owner = workspace_store::create_member(tx, other.id, "Owner", "p@example.com", role::super_admin);
  auto a = upwork_store::create_connection(tx, ws.id, owner.id, std::string{"u1"});
  auto b = upwork_store::create_connection(tx, ws.id, owner.id, std::string{"u2"});
  auto c = upwork_store::create_connection(tx, other.id, other_owner.id, std::string{"u3"});
  namespace crd = connection_request_days;
  // One node's second: a twice (across midnight: day - 1 too), b once, c once, and a count
  // of a connection that is gone (skipped, not an error that would lose the others).
  crd::add(tx, {{ws.id, a, day, 5},
                {ws.id, b, day, 2},
                {ws.id, a, day, 3},
                {ws.id, a, day - 1, 4},
                {other.id, c, day, 40},
                {ws.id, 999999, day, 7}});
  // Another node's.
  crd::add(tx, {{ws.id, b, day, 10}});
  crd::add(tx, {});
  auto today = crd::of_workspace(tx, ws.id, day);
  EXPECT_EQ(today, (std::map<db_id, std::int64_t>{{a, 8}, {b, 12}}));
  EXPECT_EQ(crd::of_workspace(tx, ws.id, day - 1), (std::map<db_id, std::int64_t>{{a, 4}}));
  EXPECT_TRUE(crd::of_workspace(tx, other.id, day - 1).empty()) << "another workspace's counts are its own";
  auto busiest = crd::busiest(tx, day, 2);
  ASSERT_EQ(busiest.size(), 2u);
  EXPECT_EQ(busiest[0].connection_id, c);
  EXPECT_EQ(busiest[0].requests, 40);
  EXPECT_EQ(busiest[1].connection_id, b);
  EXPECT_EQ(busiest[1].requests, 12);
}

} // namespace
