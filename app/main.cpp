// upsyncd: the command line — migrate | workspace create | serve (default).
#include "app/commands.hpp"
#include "app/config.hpp"
#include "app/logging.hpp"
#include "app/malloc_arenas.hpp"

#include <iostream>
#include <pqxx/except.hxx>
#include <spdlog/spdlog.h>
#include <vector>

namespace {

const char* usage = R"(usage: upsyncd [--config FILE] [--log-format text|json] <command>

commands:
  serve                      run the HTTP API and the sync engine (default)
  migrate                    apply database migrations and exit
  rotate-key                 re-encrypt the stored Upwork tokens from UPSYNC_OLD_SECRET_KEY
                             to UPSYNC_SECRET_KEY (stop serve first; safe to rerun)
  workspace create --name NAME --admin-name NAME --admin-email EMAIL [--timezone TZ]
                             create a workspace and its super admin; the admin's API
                             token is printed as the last line

configuration (file lines "KEY = value", each overridden by the environment):
  UPSYNC_DATABASE_URL           libpq URL (required)
  UPSYNC_HTTP_ADDRESS           host:port to listen on (default 127.0.0.1:8080)
  UPSYNC_SECRET_KEY             64 hex digits, key for Upwork tokens at rest (serve)
  UPSYNC_OLD_SECRET_KEY         the key being retired (rotate-key only)
  UPSYNC_UPWORK_CLIENT_ID, UPSYNC_UPWORK_CLIENT_SECRET, UPSYNC_UPWORK_REDIRECT_URI
  UPSYNC_UPWORK_AUTHORIZE_URL, UPSYNC_UPWORK_TOKEN_URL, UPSYNC_UPWORK_GRAPHQL_URL
                                (defaults: the real Upwork URLs)
  UPSYNC_SYNC_INTERVAL_SECONDS  default 300      UPSYNC_IMPORT_DAYS    default 90
  UPSYNC_REFRESH_INTERVAL_SECONDS default 3600 (background refresh from Upwork)
  UPSYNC_UPWORK_MAX_RPS         default 8        UPSYNC_LOG_FORMAT     text | json
  UPSYNC_UPWORK_DIARY_BATCH     default 10: contract-days per aliased workDiaryContract
                                request (1 = one request a day)
  UPSYNC_UPWORK_DAILY_REQUESTS  default 40000: Upwork requests per UTC day, counted in
                                PostgreSQL; cycles stretch to stay within it (0 = none)
  UPSYNC_LOG_LEVEL              default info     UPSYNC_HTTP_THREADS   default 2
  UPSYNC_HTTP_WORKERS           default 4        UPSYNC_DATABASE_POOL_SIZE default 4
  UPSYNC_CONSOLE_DIR            the built web console served at / (default: ../console
                                beside upsyncd's directory, i.e. build/console)
)";

struct usage_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string take_value(const std::vector<std::string>& args, std::size_t& i) {
  if (i + 1 >= args.size())
    throw usage_error(args[i] + " needs a value");
  return args[++i];
}

} // namespace

int main(int argc, char** argv) {
  using namespace upsync::app;
  cap_malloc_arenas(); // before any thread: arenas are made as threads first allocate
  std::vector<std::string> args(argv + 1, argv + argc);
  std::optional<std::string> config_file;
  std::optional<std::string> log_format;
  std::vector<std::string> rest;
  try {
    for (std::size_t i = 0; i < args.size(); ++i) {
      if (args[i] == "--help" || args[i] == "-h") {
        std::cout << usage;
        return 0;
      } else if (args[i] == "--config") {
        config_file = take_value(args, i);
      } else if (args[i] == "--log-format") {
        log_format = take_value(args, i);
      } else {
        rest.push_back(args[i]);
      }
    }
    auto environment = upsync_environment();
    if (log_format)
      environment["UPSYNC_LOG_FORMAT"] = *log_format;
    config cfg = load_config(config_file, environment);
    setup_logging(cfg.log_format, cfg.log_level);

    std::string command = rest.empty() ? "serve" : rest[0];
    if (command == "serve" && rest.size() <= 1)
      return run_serve(cfg);
    if (command == "migrate" && rest.size() == 1)
      return run_migrate(cfg);
    if (command == "rotate-key" && rest.size() == 1)
      return run_rotate_key(cfg);
    if (command == "workspace" && rest.size() >= 2 && rest[1] == "create") {
      workspace_create_args w;
      for (std::size_t i = 2; i < rest.size(); ++i) {
        if (rest[i] == "--name")
          w.name = take_value(rest, i);
        else if (rest[i] == "--admin-name")
          w.admin_name = take_value(rest, i);
        else if (rest[i] == "--admin-email")
          w.admin_email = take_value(rest, i);
        else if (rest[i] == "--timezone")
          w.timezone = take_value(rest, i);
        else
          throw usage_error("unknown option " + rest[i]);
      }
      if (w.name.empty() || w.admin_name.empty() || w.admin_email.empty())
        throw usage_error("workspace create needs --name, --admin-name and --admin-email");
      return run_workspace_create(cfg, w);
    }
    throw usage_error("unknown command: " + command);
  } catch (const usage_error& e) {
    std::cerr << "upsyncd: " << e.what() << "\n\n" << usage;
    return 2;
  } catch (const config_error& e) {
    std::cerr << "upsyncd: configuration error: " << e.what() << "\n";
    return 2;
  } catch (const pqxx::broken_connection& e) {
    std::cerr << "upsyncd: cannot reach the database: " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "upsyncd: " << e.what() << "\n";
    return 1;
  }
}
