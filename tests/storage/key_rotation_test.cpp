// Secret key rotation: every sealed token moves to the new key, reruns change nothing,
// a token neither key opens stops the rotation with nothing changed.
#include "common/encoding.hpp"
#include "storage/key_rotation.hpp"
#include "storage/upwork_connections_store.hpp"
#include "tests/storage/upwork_fixture.hpp"
#include "tests/support/pg_cluster.hpp"

#include <gtest/gtest.h>
#include <pqxx/pqxx>

using namespace upsync;
using namespace upsync::storage;
using upsync::testing::pg_cluster;

namespace {

const secret_key old_key = *secret_key::from_hex(std::string(64, '1'));
const secret_key new_key = *secret_key::from_hex(std::string(64, '2'));
const secret_key stray_key = *secret_key::from_hex(std::string(64, '3'));

class key_rotation_test : public ::testing::Test {
protected:
  key_rotation_test() : url(pg_cluster::shared().create_migrated_database()), db(url) {
    pqxx::work tx{db};
    a = upsync::testing::make_upwork_chain(tx, "A");
    b = upsync::testing::make_upwork_chain(tx, "B");
    tx.commit();
  }

  void seal(const upsync::testing::upwork_chain& chain, const secret_key& key, const std::string& access,
            const std::string& refresh) {
    pqxx::work tx{db};
    auto aad = connection_aad(chain.connection_id);
    upwork_store::save_tokens(tx, chain.workspace_id, chain.connection_id,
                              {encoding::to_hex(encrypt(key, access, aad)),
                               encoding::to_hex(encrypt(key, refresh, aad)), 2000000000, std::nullopt});
    tx.commit();
  }

  /// The connection's two tokens opened with `key` ("" when they do not open).
  std::pair<std::string, std::string> open(const upsync::testing::upwork_chain& chain, const secret_key& key) {
    pqxx::nontransaction tx{db};
    auto row = tx.exec_params1("SELECT encode(access_token_enc, 'hex'), encode(refresh_token_enc, 'hex') "
                               "FROM upwork_connections WHERE id = $1",
                               chain.connection_id);
    auto aad = connection_aad(chain.connection_id);
    auto one = [&](const pqxx::field& f) {
      return decrypt(key, *encoding::from_hex(f.as<std::string>()), aad).value_or("");
    };
    return {one(row[0]), one(row[1])};
  }

  std::string stored(const upsync::testing::upwork_chain& chain) {
    pqxx::nontransaction tx{db};
    return tx
      .exec_params1("SELECT encode(access_token_enc || refresh_token_enc, 'hex') FROM upwork_connections "
                    "WHERE id = $1",
                    chain.connection_id)[0]
      .as<std::string>();
  }

  key_rotation_result rotate() {
    pqxx::work tx{db};
    auto r = rotate_token_key(tx, old_key, new_key);
    tx.commit();
    return r;
  }

  std::string url;
  pqxx::connection db;
  upsync::testing::upwork_chain a, b;
};

} // namespace

TEST_F(key_rotation_test, every_token_moves_to_the_new_key_and_a_rerun_changes_nothing) {
  seal(a, old_key, "access-a", "refresh-a");
  seal(b, old_key, "access-b", "refresh-b");
  auto first = rotate();
  EXPECT_EQ(first.connections, 2);
  EXPECT_EQ(first.re_encrypted, 4);
  EXPECT_EQ(first.already_new, 0);
  EXPECT_EQ(open(a, new_key), std::make_pair(std::string{"access-a"}, std::string{"refresh-a"}));
  EXPECT_EQ(open(b, new_key), std::make_pair(std::string{"access-b"}, std::string{"refresh-b"}));
  EXPECT_EQ(open(a, old_key), std::make_pair(std::string{}, std::string{}));

  auto sealed_a = stored(a), sealed_b = stored(b);
  auto second = rotate();
  EXPECT_EQ(second.re_encrypted, 0);
  EXPECT_EQ(second.already_new, 4);
  EXPECT_EQ(stored(a), sealed_a);
  EXPECT_EQ(stored(b), sealed_b);
}

TEST_F(key_rotation_test, a_half_done_rotation_finishes_on_rerun) {
  // E.g. a daemon left running under the old key wrote b's tokens after the first run.
  seal(a, new_key, "access-a", "refresh-a");
  seal(b, old_key, "access-b", "refresh-b");
  auto r = rotate();
  EXPECT_EQ(r.re_encrypted, 2);
  EXPECT_EQ(r.already_new, 2);
  EXPECT_EQ(open(b, new_key).second, "refresh-b");
}

TEST_F(key_rotation_test, a_token_neither_key_opens_changes_nothing) {
  seal(a, old_key, "access-a", "refresh-a");
  seal(b, stray_key, "access-b", "refresh-b");
  auto before_a = stored(a), before_b = stored(b);
  pqxx::work tx{db};
  EXPECT_THROW(rotate_token_key(tx, old_key, new_key), key_rotation_error);
  tx.abort();
  EXPECT_EQ(stored(a), before_a);
  EXPECT_EQ(stored(b), before_b);
  EXPECT_EQ(open(a, old_key).first, "access-a");
}

TEST_F(key_rotation_test, the_associated_data_stays_bound_to_the_row) {
  seal(a, old_key, "access-a", "refresh-a");
  rotate();
  pqxx::nontransaction tx{db};
  auto hex =
    tx.exec_params1("SELECT encode(access_token_enc, 'hex') FROM upwork_connections WHERE id = $1", a.connection_id)[0]
      .as<std::string>();
  EXPECT_FALSE(decrypt(new_key, *encoding::from_hex(hex), connection_aad(b.connection_id)));
}
