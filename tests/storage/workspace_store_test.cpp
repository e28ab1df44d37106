// Workspaces, members and tokens in a real PostgreSQL.
#include "storage/workspace_store.hpp"
#include "tests/support/pg_cluster.hpp"

#include <gtest/gtest.h>
#include <pqxx/pqxx>

using namespace upsync::storage;
using upsync::testing::pg_cluster;

class workspace_store_test : public ::testing::Test {
protected:
  workspace_store_test() : db(pg_cluster::shared().create_migrated_database()) {}
  pqxx::connection db;
};

TEST_F(workspace_store_test, a_token_authenticates_its_member_and_only_its_hash_is_stored) {
  pqxx::work tx{db};
  auto ws = workspace_store::create_workspace(tx, "Acme", "UTC");
  auto admin = workspace_store::create_member(tx, ws.id, "Ada", "ada@example.com", role::super_admin);
  auto token = workspace_store::issue_token(tx, ws.id, admin.id);
  tx.commit();

  pqxx::work check{db};
  auto who = workspace_store::authenticate(check, token);
  ASSERT_TRUE(who);
  EXPECT_EQ(who->id, admin.id);
  EXPECT_EQ(who->member_role, role::super_admin);
  EXPECT_FALSE(workspace_store::authenticate(check, token + "x"));
  // Neither the token nor any part of its random half is in the table.
  auto dump = check.exec1("SELECT string_agg(t::text, '|') FROM api_tokens t")[0].as<std::string>();
  EXPECT_EQ(dump.find(token), std::string::npos);
  EXPECT_EQ(dump.find(token.substr(7, 20)), std::string::npos);
}

TEST_F(workspace_store_test, emails_are_unique_per_workspace_ignoring_case) {
  pqxx::work tx{db};
  auto a = workspace_store::create_workspace(tx, "A", "UTC");
  auto b = workspace_store::create_workspace(tx, "B", "UTC");
  workspace_store::create_member(tx, a.id, "Ada", "ada@example.com", role::member);
  EXPECT_THROW(workspace_store::create_member(tx, a.id, "Ada 2", "ADA@example.com", role::member), duplicate_error);
  // The transaction is still usable, and another workspace may use the same address.
  EXPECT_NO_THROW(workspace_store::create_member(tx, b.id, "Ada", "ada@example.com", role::member));
}

TEST_F(workspace_store_test, members_of_another_workspace_are_not_found) {
  pqxx::work tx{db};
  auto a = workspace_store::create_workspace(tx, "A", "UTC");
  auto b = workspace_store::create_workspace(tx, "B", "UTC");
  auto m = workspace_store::create_member(tx, a.id, "Ada", "ada@example.com", role::member);
  EXPECT_TRUE(workspace_store::find_member(tx, a.id, m.id));
  EXPECT_FALSE(workspace_store::find_member(tx, b.id, m.id));
  EXPECT_TRUE(workspace_store::list_members(tx, b.id).empty());
}
