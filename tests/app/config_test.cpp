// Configuration: file, environment override, and errors that name the key.
#include "app/config.hpp"

#include <cstdio>
#include <fstream>
#include <gtest/gtest.h>

using namespace upsync::app;

namespace {

struct temp_file {
  explicit temp_file(const std::string& text) {
    char name[] = "/tmp/upsync-config-XXXXXX";
    int fd = mkstemp(name);
    close(fd);
    path = name;
    std::ofstream{path} << text;
  }
  ~temp_file() { std::remove(path.c_str()); }
  std::string path;
};

std::string key_of_error(const std::optional<std::string>& file, const std::map<std::string, std::string>& env) {
  try {
    load_config(file, env);
  } catch (const config_error& e) {
    return e.key;
  }
  return "(no error)";
}

const std::string key(64, 'a');

} // namespace

TEST(config, defaults_match_the_contract) {
  auto c = load_config(std::nullopt, {});
  EXPECT_EQ(c.http_host, "127.0.0.1");
  EXPECT_EQ(c.http_port, 8080);
  EXPECT_EQ(c.sync_interval_seconds, 300);
  EXPECT_EQ(c.import_days, 90);
  EXPECT_EQ(c.refresh_interval_seconds, 3600);
  EXPECT_EQ(c.upwork_max_rps, 8);
  EXPECT_EQ(c.upwork_token_url, "https://www.upwork.com/api/v3/oauth2/token");
  EXPECT_EQ(c.upwork_graphql_url, "https://api.upwork.com/graphql");
}

TEST(config, the_environment_overrides_the_file) {
  temp_file f{"# comment\nUPSYNC_DATABASE_URL = postgresql://file/db\nUPSYNC_IMPORT_DAYS=30\n"
              "UPSYNC_HTTP_ADDRESS = \"0.0.0.0:9000\"\n"};
  auto c = load_config(f.path, {{"UPSYNC_IMPORT_DAYS", "45"}, {"PATH", "/bin"}});
  EXPECT_EQ(c.database_url, "postgresql://file/db");
  EXPECT_EQ(c.import_days, 45);
  EXPECT_EQ(c.http_host, "0.0.0.0");
  EXPECT_EQ(c.http_port, 9000);
}

TEST(config, metrics_are_on_by_default_and_can_move_to_their_own_listener_behind_a_token) {
  auto c = load_config(std::nullopt, {});
  EXPECT_TRUE(c.metrics);
  EXPECT_FALSE(c.metrics_host);
  EXPECT_TRUE(c.metrics_token.empty());
  c = load_config(std::nullopt, {{"UPSYNC_METRICS", "off"},
                                 {"UPSYNC_METRICS_ADDRESS", "127.0.0.1:9464"},
                                 {"UPSYNC_METRICS_TOKEN", "0123456789abcdef"}});
  EXPECT_FALSE(c.metrics);
  EXPECT_EQ(c.metrics_host, "127.0.0.1");
  EXPECT_EQ(c.metrics_port, 9464);
  EXPECT_EQ(c.metrics_token, "0123456789abcdef");
  EXPECT_EQ(key_of_error(std::nullopt, {{"UPSYNC_METRICS", "yes"}}), "UPSYNC_METRICS");
  EXPECT_EQ(key_of_error(std::nullopt, {{"UPSYNC_METRICS_ADDRESS", "9464"}}), "UPSYNC_METRICS_ADDRESS");
  EXPECT_EQ(key_of_error(std::nullopt, {{"UPSYNC_METRICS_TOKEN", "short"}}), "UPSYNC_METRICS_TOKEN");
}

TEST(config, the_api_cache_has_a_byte_budget_and_zero_turns_it_off) {
  EXPECT_EQ(load_config(std::nullopt, {}).api_cache_bytes, 64u << 20);
  EXPECT_EQ(load_config(std::nullopt, {{"UPSYNC_API_CACHE_BYTES", "0"}}).api_cache_bytes, 0u);
  EXPECT_EQ(load_config(std::nullopt, {{"UPSYNC_API_CACHE_BYTES", "268435456"}}).api_cache_bytes, 268435456u);
  EXPECT_EQ(key_of_error(std::nullopt, {{"UPSYNC_API_CACHE_BYTES", "64MiB"}}), "UPSYNC_API_CACHE_BYTES");
  EXPECT_EQ(key_of_error(std::nullopt, {{"UPSYNC_API_CACHE_BYTES", "-1"}}), "UPSYNC_API_CACHE_BYTES");
}

TEST(config, the_console_directory_is_unset_unless_given) {
  EXPECT_FALSE(load_config(std::nullopt, {}).console_dir);
  EXPECT_EQ(load_config(std::nullopt, {{"UPSYNC_CONSOLE_DIR", "/srv/upsync/console"}}).console_dir,
            "/srv/upsync/console");
  EXPECT_EQ(key_of_error(std::nullopt, {{"UPSYNC_CONSOLE_DIR", ""}}), "UPSYNC_CONSOLE_DIR");
}

TEST(config, malformed_values_name_their_key) {
  EXPECT_EQ(key_of_error(std::nullopt, {{"UPSYNC_IMPORT_DAYS", "ninety"}}), "UPSYNC_IMPORT_DAYS");
  EXPECT_EQ(key_of_error(std::nullopt, {{"UPSYNC_IMPORT_DAYS", "0"}}), "UPSYNC_IMPORT_DAYS");
  EXPECT_EQ(key_of_error(std::nullopt, {{"UPSYNC_REFRESH_INTERVAL_SECONDS", "5"}}), "UPSYNC_REFRESH_INTERVAL_SECONDS");
  EXPECT_EQ(key_of_error(std::nullopt, {{"UPSYNC_SYNC_INTERVAL_SECONDS", "5m"}}), "UPSYNC_SYNC_INTERVAL_SECONDS");
  EXPECT_EQ(key_of_error(std::nullopt, {{"UPSYNC_SECRET_KEY", "abc"}}), "UPSYNC_SECRET_KEY");
  EXPECT_EQ(key_of_error(std::nullopt, {{"UPSYNC_HTTP_ADDRESS", "8080"}}), "UPSYNC_HTTP_ADDRESS");
  EXPECT_EQ(key_of_error(std::nullopt, {{"UPSYNC_HTTP_ADDRESS", "127.0.0.1:99999"}}), "UPSYNC_HTTP_ADDRESS");
  EXPECT_EQ(key_of_error(std::nullopt, {{"UPSYNC_UPWORK_TOKEN_URL", "ftp://x"}}), "UPSYNC_UPWORK_TOKEN_URL");
  EXPECT_EQ(key_of_error(std::nullopt, {{"UPSYNC_UPWORK_MAX_RPS", "-1"}}), "UPSYNC_UPWORK_MAX_RPS");
  EXPECT_EQ(key_of_error(std::nullopt, {{"UPSYNC_LOG_FORMAT", "xml"}}), "UPSYNC_LOG_FORMAT");
  EXPECT_EQ(key_of_error(std::nullopt, {{"UPSYNC_DATABASE_URL", ""}}), "UPSYNC_DATABASE_URL");
}

TEST(config, unknown_keys_in_a_file_are_refused_but_the_environment_may_hold_others) {
  temp_file f{"UPSYNC_DATABSE_URL=postgresql://typo/db\n"};
  EXPECT_EQ(key_of_error(f.path, {}), "UPSYNC_DATABSE_URL");
  EXPECT_EQ(key_of_error(std::nullopt, {{"UPSYNC_JOBS", "2"}}), "(no error)");
}

TEST(config, a_line_without_equals_names_file_and_line) {
  temp_file f{"UPSYNC_IMPORT_DAYS=30\njust words\n"};
  EXPECT_EQ(key_of_error(f.path, {}), f.path + ":2");
  EXPECT_EQ(key_of_error(std::string{"/nonexistent/upsync.conf"}, {}), "--config");
}

TEST(config, require_names_the_missing_key) {
  auto c = load_config(std::nullopt, {{"UPSYNC_DATABASE_URL", "postgresql://x/y"}});
  EXPECT_NO_THROW(c.require({"UPSYNC_DATABASE_URL"}));
  try {
    c.require({"UPSYNC_DATABASE_URL", "UPSYNC_SECRET_KEY"});
    FAIL() << "no error";
  } catch (const config_error& e) {
    EXPECT_EQ(e.key, "UPSYNC_SECRET_KEY");
  }
}

TEST(config, a_line_without_a_key_names_its_line) {
  // Found by fuzz/fuzz_config.cpp: "= value" was refused as the unknown setting "".
  config c;
  try {
    apply_config_text(c, "UPSYNC_IMPORT_DAYS = 30\n= 1\n", "upsync.conf");
    FAIL() << "accepted a line without a key";
  } catch (const config_error& e) {
    EXPECT_EQ(e.key, "upsync.conf:2");
  }
  EXPECT_EQ(c.import_days, 30);
}
