// The upsyncd binary: --help, migrate, workspace create, serve and its clean shutdown.
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
  return text.substr(start == std::string::npos ? 0 : start + 1, end - (start == std::string::npos ? 0 : start + 1) + 1);
}

} // namespace

TEST(upsyncd_cli, help_lists_every_command_and_setting) {
  auto r = run_process({upsyncd, "--help"});
  EXPECT_EQ(r.exit_code, 0);
  for (const char* text : {"serve", "migrate", "workspace create", "--admin-email", "UPSYNC_DATABASE_URL",
                           "UPSYNC_SECRET_KEY", "UPSYNC_UPWORK_MAX_RPS"})
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
  auto r = run_process({upsyncd, "serve"}, {{"UPSYNC_DATABASE_URL", url}, {"UPSYNC_SECRET_KEY", secret},
                                            {"UPSYNC_HTTP_ADDRESS", "127.0.0.1:0"}});
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
  child_process server{{upsyncd, "serve", "--log-format", "json"},
                       {{"UPSYNC_DATABASE_URL", url}, {"UPSYNC_SECRET_KEY", secret},
                        {"UPSYNC_HTTP_ADDRESS", "127.0.0.1:0"}}};
  auto line = server.read_line_containing("listening on");
  ASSERT_FALSE(line.empty());
  auto port = static_cast<unsigned short>(std::stoi(line.substr(line.rfind(':') + 1)));
  http_client client{port};
  EXPECT_EQ(client.get("/healthz").status, 200u);
  EXPECT_EQ(client.get("/readyz").status, 200u);
  EXPECT_EQ(client.get("/api/v1/me").status, 401u);
  EXPECT_EQ(server.stop(SIGTERM), 0);
}
