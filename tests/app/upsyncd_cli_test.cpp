// The upsyncd binary: --help, migrate, workspace create, serve and its clean shutdown.
#include "common/encoding.hpp"
#include "storage/secrets.hpp"
#include "storage/upwork_connections_store.hpp"
#include "storage/workspace_store.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/pg_cluster.hpp"
#include "tests/support/process.hpp"

#include <csignal>
#include <gtest/gtest.h>
#include <pqxx/pqxx>

using namespace upsync::testing;

namespace {

const std::string upsyncd = UPSYNCD_PATH;
const std::string secret(64, 'b');

std::string last_line(const std::string& text) {
  auto end = text.find_last_not_of('\n');
  auto start = text.rfind('\n', end);
  return text.substr(start == std::string::npos ? 0 : start + 1,
                     end - (start == std::string::npos ? 0 : start + 1) + 1);
}

} // namespace

TEST(upsyncd_cli, help_lists_every_command_and_setting) {
  auto r = run_process({upsyncd, "--help"});
  EXPECT_EQ(r.exit_code, 0);
  for (const char* text : {"serve", "migrate", "workspace create", "--admin-email", "UPSYNC_DATABASE_URL",
                           "UPSYNC_SECRET_KEY", "UPSYNC_UPWORK_MAX_RPS", "rotate-key", "UPSYNC_OLD_SECRET_KEY"})
    EXPECT_NE(r.out.find(text), std::string::npos) << text;
}

TEST(upsyncd_cli, unknown_commands_and_missing_options_exit_2_with_usage) {
  EXPECT_EQ(run_process({upsyncd, "frobnicate"}).exit_code, 2);
  auto r = run_process({upsyncd, "workspace", "create", "--name", "X"}, {{"UPSYNC_DATABASE_URL", "postgresql://x/y"}});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--admin-name"), std::string::npos);
}

TEST(upsyncd_cli, a_missing_database_url_is_named) {
  auto r = run_process({upsyncd, "migrate"}, {{"UPSYNC_DATABASE_URL", ""}});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("UPSYNC_DATABASE_URL"), std::string::npos) << r.err;
}

TEST(upsyncd_cli, migrate_twice_then_workspace_create_prints_a_working_token_last) {
  auto url = pg_cluster::shared().create_empty_database();
  std::map<std::string, std::string> env{{"UPSYNC_DATABASE_URL", url}};
  auto first = run_process({upsyncd, "migrate"}, env);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  auto second = run_process({upsyncd, "migrate"}, env);
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.out.find("up to date"), std::string::npos);

  auto created = run_process({upsyncd, "workspace", "create", "--name", "Nomadic Soft", "--admin-name", "Ada",
                              "--admin-email", "ada@nomadic.example"},
                             env);
  ASSERT_EQ(created.exit_code, 0) << created.err;
  auto token = last_line(created.out);
  pqxx::connection db{url};
  pqxx::work tx{db};
  auto who = upsync::storage::workspace_store::authenticate(tx, token);
  ASSERT_TRUE(who) << created.out;
  EXPECT_EQ(who->email, "ada@nomadic.example");
  EXPECT_EQ(who->member_role, upsync::storage::role::super_admin);
}

TEST(upsyncd_cli, serve_refuses_an_unmigrated_database) {
  auto url = pg_cluster::shared().create_empty_database();
  auto r =
    run_process({upsyncd, "serve"},
                {{"UPSYNC_DATABASE_URL", url}, {"UPSYNC_SECRET_KEY", secret}, {"UPSYNC_HTTP_ADDRESS", "127.0.0.1:0"}});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("upsyncd migrate"), std::string::npos) << r.err;
}

TEST(upsyncd_cli, serve_needs_the_secret_key) {
  auto url = pg_cluster::shared().create_migrated_database();
  auto r = run_process({upsyncd, "serve"}, {{"UPSYNC_DATABASE_URL", url}, {"UPSYNC_SECRET_KEY", ""}});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("UPSYNC_SECRET_KEY"), std::string::npos) << r.err;
}

TEST(upsyncd_cli, serve_answers_and_exits_cleanly_on_sigterm) {
  auto url = pg_cluster::shared().create_migrated_database();
  child_process server{
    {upsyncd, "serve", "--log-format", "json"},
    {{"UPSYNC_DATABASE_URL", url}, {"UPSYNC_SECRET_KEY", secret}, {"UPSYNC_HTTP_ADDRESS", "127.0.0.1:0"}}};
  auto line = server.read_line_containing("listening on");
  ASSERT_FALSE(line.empty());
  auto port = static_cast<unsigned short>(std::stoi(line.substr(line.rfind(':') + 1)));
  http_client client{port};
  EXPECT_EQ(client.get("/healthz").status, 200u);
  EXPECT_EQ(client.get("/readyz").status, 200u);
  EXPECT_EQ(client.get("/api/v1/me").status, 401u);
  EXPECT_EQ(server.stop(SIGTERM), 0);
}

TEST(upsyncd_cli, rotate_key_needs_both_keys_and_moves_the_tokens_once) {
  auto url = pg_cluster::shared().create_migrated_database();
  const std::string old_hex(64, 'c'), new_hex(64, 'e');
  long long connection = 0;
  {
    pqxx::connection db{url};
    pqxx::work tx{db};
    namespace ws = upsync::storage::workspace_store;
    auto w = ws::create_workspace(tx, "W", "UTC");
    auto m = ws::create_member(tx, w.id, "Ada", "ada@example.com", upsync::storage::role::super_admin);
    connection = upsync::storage::upwork_store::create_connection(tx, w.id, m.id, std::nullopt);
    auto old_key = *upsync::storage::secret_key::from_hex(old_hex);
    auto aad = upsync::storage::connection_aad(connection);
    upsync::storage::upwork_store::save_tokens(
      tx, w.id, connection,
      {upsync::encoding::to_hex(upsync::storage::encrypt(old_key, "the-access", aad)),
       upsync::encoding::to_hex(upsync::storage::encrypt(old_key, "the-refresh", aad)), 2000000000, std::nullopt});
    tx.commit();
  }
  auto missing = run_process({upsyncd, "rotate-key"}, {{"UPSYNC_DATABASE_URL", url}, {"UPSYNC_SECRET_KEY", new_hex}});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("UPSYNC_OLD_SECRET_KEY"), std::string::npos) << missing.err;

  std::map<std::string, std::string> env{
    {"UPSYNC_DATABASE_URL", url}, {"UPSYNC_OLD_SECRET_KEY", old_hex}, {"UPSYNC_SECRET_KEY", new_hex}};
  auto first = run_process({upsyncd, "rotate-key"}, env);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("re-encrypted 2 token(s) of 1 connection(s)"), std::string::npos) << first.out;
  auto again = run_process({upsyncd, "rotate-key"}, env);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("re-encrypted 0 token(s)"), std::string::npos) << again.out;
  EXPECT_NE(again.out.find("2 were under it already"), std::string::npos) << again.out;

  pqxx::connection db{url};
  pqxx::nontransaction tx{db};
  auto hex =
    tx.exec_params1("SELECT encode(refresh_token_enc, 'hex') FROM upwork_connections WHERE id = $1", connection)[0]
      .as<std::string>();
  auto sealed = *upsync::encoding::from_hex(hex);
  auto aad = upsync::storage::connection_aad(connection);
  EXPECT_EQ(upsync::storage::decrypt(*upsync::storage::secret_key::from_hex(new_hex), sealed, aad).value_or(""),
            "the-refresh");
  EXPECT_FALSE(upsync::storage::decrypt(*upsync::storage::secret_key::from_hex(old_hex), sealed, aad));
}
