// The command line: flags parse into options, --help names every knob, the binary prints
// its port and serves.
#include "sim/cli.hpp"
#include "tests/sim/http_client.hpp"

#include <csignal>
#include <cstdio>
#include <gtest/gtest.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace upsync::sim {
namespace {

TEST(cli, flags_fill_the_options) {
  auto r = parse_cli({"--port",
                      "0",
                      "--seed=7",
                      "--orgs",
                      "100",
                      "--members-per-org",
                      "3",
                      "--contracts-per-org",
                      "9",
                      "--days",
                      "30",
                      "--preset",
                      "demo",
                      "--start-time",
                      "2026-08-15T10:00:00Z",
                      "--frozen-clock",
                      "--error-5xx-share",
                      "0.2",
                      "--rate-limit-rps",
                      "10",
                      "--fault-seed",
                      "5",
                      "--token-max-requests",
                      "50",
                      "--log-level",
                      "warn",
                      "--threads",
                      "4"});
  ASSERT_TRUE(r.error.empty()) << r.error;
  EXPECT_EQ(r.options.scale.seed, 7u);
  EXPECT_EQ(r.options.scale.orgs, 100u);
  EXPECT_EQ(r.options.scale.members_per_org, 3u);
  EXPECT_EQ(r.options.scale.contracts_per_org, 9u);
  EXPECT_EQ(r.options.scale.days, 30u);
  EXPECT_EQ(r.options.preset, "demo");
  EXPECT_TRUE(r.options.frozen_clock);
  EXPECT_DOUBLE_EQ(r.options.faults.error_5xx_share, 0.2);
  EXPECT_DOUBLE_EQ(r.options.faults.rate_limit_rps, 10);
  EXPECT_EQ(r.options.faults.seed, 5u);
  EXPECT_EQ(r.options.faults.token_max_requests, 50);
  EXPECT_EQ(r.options.threads, 4);
  EXPECT_EQ(r.log_level, "warn");
}

TEST(cli, bad_flags_are_reported) {
  EXPECT_FALSE(parse_cli({"--nope", "1"}).error.empty());
  EXPECT_FALSE(parse_cli({"--port", "99999"}).error.empty());
  EXPECT_FALSE(parse_cli({"--error-5xx-share", "1.5"}).error.empty());
  EXPECT_FALSE(parse_cli({"--orgs"}).error.empty());
}

TEST(cli, help_names_every_fault_knob) {
  auto help = cli_help();
  for (const char* flag : {"--port",
                           "--seed",
                           "--orgs",
                           "--members-per-org",
                           "--contracts-per-org",
                           "--days",
                           "--preset",
                           "--log-level",
                           "--rate-limit-rps",
                           "--retry-after-share",
                           "--error-5xx-share",
                           "--latency-ms",
                           "--token-max-requests",
                           "--partial-error-share",
                           "--numbers-as-strings-share",
                           "--truncated-share",
                           "--malformed-share",
                           "--fault-seed",
                           "--frozen-clock",
                           "--start-time"})
    EXPECT_NE(help.find(flag), std::string::npos) << flag;
  EXPECT_TRUE(parse_cli({"--help"}).help);
}

TEST(cli, the_binary_prints_its_port_and_serves_until_terminated) {
  int out[2];
  ASSERT_EQ(pipe(out), 0);
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    execl(UPWORK_SIM_PATH, UPWORK_SIM_PATH, "--port", "0", "--log-level", "off", "--preset", "demo",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out[1]);
  FILE* in = fdopen(out[0], "r");
  char line[256] = {};
  ASSERT_TRUE(fgets(line, sizeof line, in)); // blocks until the line is printed
  std::string text{line};
  auto colon = text.rfind(':');
  ASSERT_EQ(text.rfind("listening on 127.0.0.1:", 0), 0u) << text;
  auto port = static_cast<unsigned short>(std::stoi(text.substr(colon + 1)));
  testing::http_client client{port};
  auto r = client.get("/__control/health");
  EXPECT_EQ(r.status, 200);
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  fclose(in);
}

} // namespace
} // namespace upsync::sim
