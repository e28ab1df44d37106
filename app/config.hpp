// upsyncd's configuration: a file of UPSYNC_* = value lines, overridden by the
// environment. Every refusal names the key.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <set>
#include <string>
#include <string_view>

namespace upsync::app {

struct config_error : std::runtime_error {
  config_error(std::string key, const std::string& problem)
      : std::runtime_error(key + ": " + problem), key(std::move(key)) {}
  std::string key;
};

struct config {
  std::string database_url;
  std::string http_host = "127.0.0.1";
  std::uint16_t http_port = 8080;
  std::string secret_key_hex;     ///< 64 hex digits; required by `serve`
  std::string old_secret_key_hex; ///< the key being retired; read by `rotate-key` only
  std::string upwork_client_id;
  std::string upwork_client_secret;
  std::string upwork_redirect_uri;
  std::string upwork_authorize_url = "https://www.upwork.com/ab/account-security/oauth2/authorize";
  std::string upwork_token_url = "https://www.upwork.com/api/v3/oauth2/token";
  std::string upwork_graphql_url = "https://api.upwork.com/graphql";
  int sync_interval_seconds = 300;
  int refresh_interval_seconds = 3600; ///< an organization re-reads Upwork (F5)
  int sync_run_retention_days = 30;    ///< the sync history keeps runs this long (issue 20)
  int import_days = 90;
  double upwork_max_rps = 8;
  /// UPSYNC_UPWORK_DIARY_BATCH: contract-days read in one aliased request (1 = no batching).
  int upwork_diary_batch = 10;
  /// UPSYNC_UPWORK_DAILY_REQUESTS: Upwork requests per UTC day, counted in PostgreSQL
  /// (Upwork's older published limit per API key); 0 = no daily budget.
  std::int64_t upwork_daily_requests = 40000;
  std::string log_format = "text"; ///< text | json
  std::string log_level = "info";  ///< trace | debug | info | warn | error
  int http_threads = 2;            ///< network threads
  // Sized for the 2-core machines upsync runs on (two per core): more statements in
  // flight than that only queue in the kernel's run queue instead of the worker queue,
  // and the interval list's p99 at 16 connections was 2-5x worse with 8 than with 4.
  int http_workers = 4; ///< handler threads
  int database_pool_size = 4;
  /// UPSYNC_API_CACHE_BYTES: memory for the API cache (token -> member, interval pages);
  /// 0 turns it off.
  std::uint64_t api_cache_bytes = 64ull << 20;
  bool metrics = true;                     ///< UPSYNC_METRICS: on | off (off: no /metrics, no counting)
  std::optional<std::string> metrics_host; ///< UPSYNC_METRICS_ADDRESS: a listener of its own
  std::uint16_t metrics_port = 0;
  std::string metrics_token; ///< UPSYNC_METRICS_TOKEN: /metrics needs this bearer token
  /// UPSYNC_WEBHOOK_ALLOW_HOSTS: hosts webhooks may reach whatever they resolve to (comma-separated).
  std::set<std::string> webhook_allow_hosts;
  bool webhook_allow_private = false;
  int webhook_retry_seconds = 30; ///< UPSYNC_WEBHOOK_RETRY_SECONDS: a failed delivery's first retry (doubling after)
                                  ///< ///< UPSYNC_WEBHOOK_ALLOW_PRIVATE: on lets webhooks reach any private address
  /// UPSYNC_CONSOLE_DIR: the built web console (index.html, assets/); unset, `serve` looks
  /// next to its executable (<dir of upsyncd>/../console, i.e. build/console).
  std::optional<std::string> console_dir;

  /// Throws config_error naming the first of these keys that has no value.
  void require(std::initializer_list<const char*> keys) const;
};

/// Applies a configuration file's text (`source` names it in refusals): "KEY = value"
/// lines, `#` comments, optional quotes. Throws config_error on the first bad line.
void apply_config_text(config& c, std::string_view text, const std::string& source);

/// Reads `file` (when given) then applies `environment` (normally the process
/// environment, only UPSYNC_* keys are looked at). Unknown UPSYNC_* keys in the file are
/// refused; malformed values are refused with the key and what was expected.
config load_config(const std::optional<std::string>& file, const std::map<std::string, std::string>& environment);

/// The process environment's UPSYNC_* variables.
std::map<std::string, std::string> upsync_environment();

} // namespace upsync::app
