// A connection's rotated tokens go through the real STORE actor to a real PostgreSQL: each
// rotation is sealed and committed before the provider's persist step returns, on the
// store's one session (no new connection per rotation), and a disconnected grant's tokens
// stay forgotten.
#include "actors/actors.hpp"
#include "actors/atoms.hpp"
#include "actors/token_persistence.hpp"
#include "storage/secrets.hpp"
#include "tests/support/pg_cluster.hpp"

#include <caf/all.hpp>
#include <gtest/gtest.h>
#include <pqxx/pqxx>

namespace {

using namespace upsync;
using upsync::testing::pg_cluster;

const std::string key_hex(64, 'a');

upwork::token_set tokens_numbered(int n) {
  upwork::token_set t;
  t.access_token = "access-" + std::to_string(n);
  t.refresh_token = "refresh-" + std::to_string(n);
  t.expires_in = 3600;
  return t;
}

caf::actor_system_config& with_upsync_types(caf::actor_system_config& cfg) {
  cfg.add_message_types<caf::id_block::upsync>();
  return cfg;
}

class token_persistence_test : public ::testing::Test {
protected:
  token_persistence_test() : url(pg_cluster::shared().create_migrated_database()), watcher(url) {
    pqxx::work tx{watcher};
    workspace = tx.exec1("INSERT INTO workspaces (name) VALUES ('Tokens') RETURNING id")[0].as<long long>();
    auto admin = tx.exec_params1("INSERT INTO members (workspace_id, name, email, role) "
                                 "VALUES ($1, 'Admin', 'admin@example.com', 'super_admin') RETURNING id",
                                 workspace)[0]
                   .as<long long>();
    connection = tx.exec_params1("INSERT INTO upwork_connections (workspace_id, created_by) VALUES ($1, $2) "
                                 "RETURNING id",
                                 workspace, admin)[0]
                   .as<long long>();
    tx.commit();
    auto settings = std::make_shared<sync::engine_settings>();
    settings->database_url = url;
    settings->secret_key_hex = key_hex;
    store = sync::spawn_store(sys, settings);
    persist = sync::persist_through_store(sys, store, workspace, connection);
  }
  ~token_persistence_test() override { caf::anon_send_exit(store, caf::exit_reason::user_shutdown); }

  /// The stored tokens, opened with the key; empty strings when none.
  std::pair<std::string, std::string> stored() {
    pqxx::work tx{watcher};
    auto row =
      tx.exec_params1("SELECT access_token_enc, refresh_token_enc FROM upwork_connections WHERE id = $1", connection);
    auto key = *storage::secret_key::from_hex(key_hex);
    auto aad = storage::connection_aad(connection);
    auto open = [&](const pqxx::field& f) {
      if (f.is_null())
        return std::string{};
      pqxx::binarystring bytes{f};
      return storage::decrypt(key, bytes.str(), aad).value_or("unreadable");
    };
    return {open(row[0]), open(row[1])};
  }

  /// Backends of other clients on this database (the store's, once it has one).
  std::vector<int> other_sessions() {
    pqxx::work tx{watcher};
    std::vector<int> pids;
    for (const auto& row : tx.exec("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                                   "AND pid <> pg_backend_pid() AND backend_type = 'client backend' ORDER BY pid"))
      pids.push_back(row[0].as<int>());
    return pids;
  }

  caf::actor_system_config cfg;
  caf::actor_system sys{with_upsync_types(cfg)};
  std::string url;
  pqxx::connection watcher;
  long long workspace = 0;
  long long connection = 0;
  sync::store_actor store;
  upwork::oauth_token_provider::persist_fn persist;
};

TEST_F(token_persistence_test, a_rotation_is_committed_by_the_store_before_persist_returns) {
  ASSERT_EQ(persist(tokens_numbered(1)), std::nullopt);
  EXPECT_EQ(stored(), std::make_pair(std::string{"access-1"}, std::string{"refresh-1"}));
}

TEST_F(token_persistence_test, every_rotation_uses_the_store_session_and_opens_no_connection) {
  ASSERT_EQ(persist(tokens_numbered(1)), std::nullopt);
  auto sessions = other_sessions();
  ASSERT_EQ(sessions.size(), 1u) << "the store's own session";
  for (int n = 2; n <= 6; ++n) {
    ASSERT_EQ(persist(tokens_numbered(n)), std::nullopt);
    EXPECT_EQ(stored().second, "refresh-" + std::to_string(n));
    EXPECT_EQ(other_sessions(), sessions) << "rotation " << n << " changed the sessions";
  }
}

TEST_F(token_persistence_test, a_disconnected_grant_keeps_its_tokens_forgotten) {
  {
    pqxx::work tx{watcher};
    tx.exec_params0("UPDATE upwork_connections SET status = 'disconnected' WHERE id = $1", connection);
    tx.commit();
  }
  EXPECT_EQ(persist(tokens_numbered(1)), std::nullopt);
  EXPECT_EQ(stored(), std::make_pair(std::string{}, std::string{}));
}

TEST_F(token_persistence_test, a_rotation_the_store_cannot_save_fails_so_the_new_token_is_not_used) {
  caf::anon_send_exit(store, caf::exit_reason::user_shutdown);
  auto failed = persist(tokens_numbered(1));
  ASSERT_TRUE(failed.has_value());
  EXPECT_EQ(failed->kind, upwork::error_kind::retryable);
  EXPECT_EQ(stored(), std::make_pair(std::string{}, std::string{}));
}

} // namespace
