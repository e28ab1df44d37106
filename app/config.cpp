#include "app/config.hpp"

#include "storage/secrets.hpp"

#include <cctype>
#include <charconv>
#include <fstream>
#include <iterator>
#include <sstream>
#include <functional>
#include <tuple>
#include <vector>

extern char** environ;

namespace upsync::app {

namespace {

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos)
    return "";
  auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

int parse_int(const std::string& key, const std::string& value, int min, int max) {
  int n = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (ec != std::errc{} || end != value.data() + value.size() || n < min || n > max)
    throw config_error(key, "expected a whole number from " + std::to_string(min) + " to " + std::to_string(max)
                              + ", got \"" + value + "\"");
  return n;
}

std::uint64_t parse_bytes(const std::string& key, const std::string& value) {
  constexpr std::uint64_t max = 1ull << 40;
  std::uint64_t n = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (ec != std::errc{} || end != value.data() + value.size() || n > max)
    throw config_error(key, "expected a number of bytes from 0 to " + std::to_string(max) + ", got \"" + value + "\"");
  return n;
}

double parse_positive(const std::string& key, const std::string& value) {
  try {
    std::size_t used = 0;
    double d = std::stod(value, &used);
    if (used == value.size() && d > 0 && d <= 10000)
      return d;
  } catch (const std::exception&) {
  }
  throw config_error(key, "expected a positive number, got \"" + value + "\"");
}

std::pair<std::string, std::uint16_t> parse_address(const std::string& key, const std::string& value) {
  auto colon = value.rfind(':');
  if (colon == std::string::npos || colon == 0)
    throw config_error(key, "expected host:port such as 127.0.0.1:8080, got \"" + value + "\"");
  auto host = value.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  return {host, static_cast<std::uint16_t>(parse_int(key, value.substr(colon + 1), 0, 65535))};
}

void check_url(const std::string& key, const std::string& value) {
  if (value.rfind("http://", 0) != 0 && value.rfind("https://", 0) != 0)
    throw config_error(key, "expected an http:// or https:// URL, got \"" + value + "\"");
}

using setter = std::function<void(config&, const std::string& key, const std::string& value)>;

const std::map<std::string, setter>& setters() {
  auto url = [](std::string config::*field) {
    return [field](config& c, const std::string& k, const std::string& v) {
      check_url(k, v);
      c.*field = v;
    };
  };
  auto text = [](std::string config::*field) {
    return [field](config& c, const std::string&, const std::string& v) { c.*field = v; };
  };
  static const std::map<std::string, setter> all = {
    {"UPSYNC_DATABASE_URL",
     [](config& c, const std::string& k, const std::string& v) {
       if (v.rfind("postgresql://", 0) != 0 && v.rfind("postgres://", 0) != 0 && v.find('=') == std::string::npos)
         throw config_error(k, "expected a libpq URL (postgresql://...) or key=value string");
       c.database_url = v;
     }},
    {"UPSYNC_HTTP_ADDRESS", [](config& c, const std::string& k,
                               const std::string& v) { std::tie(c.http_host, c.http_port) = parse_address(k, v); }},
    {"UPSYNC_METRICS",
     [](config& c, const std::string& k, const std::string& v) {
       if (v != "on" && v != "off")
         throw config_error(k, "expected on or off, got \"" + v + "\"");
       c.metrics = v == "on";
     }},
    {"UPSYNC_WEBHOOK_ALLOW_HOSTS",
     [](config& c, const std::string& k, const std::string& v) {
       c.webhook_allow_hosts.clear();
       std::size_t start = 0;
       while (start <= v.size()) {
         auto comma = v.find(',', start);
         auto host = v.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
         host.erase(0, host.find_first_not_of(' '));
         host.erase(host.find_last_not_of(' ') + 1);
         for (auto& ch : host)
           ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
         if (host.empty() || host.size() > 253 || host.find_first_of("/:@ ") != std::string::npos)
           throw config_error(k, "expected host names separated by commas");
         c.webhook_allow_hosts.insert(host);
         if (comma == std::string::npos)
           break;
         start = comma + 1;
       }
     }},
    {"UPSYNC_WEBHOOK_RETRY_SECONDS",
     [](config& c, const std::string& k, const std::string& v) { c.webhook_retry_seconds = parse_int(k, v, 1, 3600); }},
    {"UPSYNC_WEBHOOK_ALLOW_PRIVATE",
     [](config& c, const std::string& k, const std::string& v) {
       if (v != "on" && v != "off")
         throw config_error(k, "expected on or off, got \"" + v + "\"");
       c.webhook_allow_private = v == "on";
     }},
    {"UPSYNC_METRICS_ADDRESS",
     [](config& c, const std::string& k, const std::string& v) {
       auto [host, port] = parse_address(k, v);
       c.metrics_host = host;
       c.metrics_port = port;
     }},
    {"UPSYNC_METRICS_TOKEN",
     [](config& c, const std::string& k, const std::string& v) {
       if (v.size() < 16)
         throw config_error(k, "expected at least 16 characters");
       c.metrics_token = v;
     }},
    {"UPSYNC_SECRET_KEY",
     [](config& c, const std::string& k, const std::string& v) {
       if (!storage::secret_key::from_hex(v))
         throw config_error(k, "expected 64 hexadecimal digits (a 256-bit key)");
       c.secret_key_hex = v;
     }},
    {"UPSYNC_OLD_SECRET_KEY",
     [](config& c, const std::string& k, const std::string& v) {
       if (!storage::secret_key::from_hex(v))
         throw config_error(k, "expected 64 hexadecimal digits (a 256-bit key)");
       c.old_secret_key_hex = v;
     }},
    {"UPSYNC_UPWORK_CLIENT_ID", text(&config::upwork_client_id)},
    {"UPSYNC_UPWORK_CLIENT_SECRET", text(&config::upwork_client_secret)},
    {"UPSYNC_UPWORK_REDIRECT_URI", url(&config::upwork_redirect_uri)},
    {"UPSYNC_UPWORK_AUTHORIZE_URL", url(&config::upwork_authorize_url)},
    {"UPSYNC_UPWORK_TOKEN_URL", url(&config::upwork_token_url)},
    {"UPSYNC_UPWORK_GRAPHQL_URL", url(&config::upwork_graphql_url)},
    {"UPSYNC_SYNC_INTERVAL_SECONDS", [](config& c, const std::string& k,
                                        const std::string& v) { c.sync_interval_seconds = parse_int(k, v, 1, 86400); }},
    {"UPSYNC_REFRESH_INTERVAL_SECONDS",
     [](config& c, const std::string& k, const std::string& v) {
       c.refresh_interval_seconds = parse_int(k, v, 60, 7 * 86400);
     }},
    {"UPSYNC_SYNC_RUN_RETENTION_DAYS",
     [](config& c, const std::string& k, const std::string& v) {
       c.sync_run_retention_days = parse_int(k, v, 1, 3660);
     }},
    {"UPSYNC_IMPORT_DAYS",
     [](config& c, const std::string& k, const std::string& v) { c.import_days = parse_int(k, v, 1, 366); }},
    {"UPSYNC_UPWORK_MAX_RPS",
     [](config& c, const std::string& k, const std::string& v) { c.upwork_max_rps = parse_positive(k, v); }},
    {"UPSYNC_UPWORK_DAILY_REQUESTS",
     [](config& c, const std::string& k, const std::string& v) {
       c.upwork_daily_requests = parse_int(k, v, 0, 100'000'000);
     }},
    {"UPSYNC_UPWORK_DIARY_BATCH",
     [](config& c, const std::string& k, const std::string& v) { c.upwork_diary_batch = parse_int(k, v, 1, 50); }},
    {"UPSYNC_LOG_FORMAT",
     [](config& c, const std::string& k, const std::string& v) {
       if (v != "text" && v != "json")
         throw config_error(k, "expected text or json, got \"" + v + "\"");
       c.log_format = v;
     }},
    {"UPSYNC_LOG_LEVEL",
     [](config& c, const std::string& k, const std::string& v) {
       static const char* levels[] = {"trace", "debug", "info", "warn", "error", "off"};
       for (const char* l : levels)
         if (v == l) {
           c.log_level = v;
           return;
         }
       throw config_error(k, "expected trace, debug, info, warn, error or off, got \"" + v + "\"");
     }},
    {"UPSYNC_HTTP_THREADS",
     [](config& c, const std::string& k, const std::string& v) { c.http_threads = parse_int(k, v, 1, 64); }},
    {"UPSYNC_HTTP_WORKERS",
     [](config& c, const std::string& k, const std::string& v) { c.http_workers = parse_int(k, v, 1, 256); }},
    {"UPSYNC_DATABASE_POOL_SIZE",
     [](config& c, const std::string& k, const std::string& v) { c.database_pool_size = parse_int(k, v, 1, 256); }},
    {"UPSYNC_CONSOLE_DIR", [](config& c, const std::string&, const std::string& v) { c.console_dir = v; }},
    {"UPSYNC_API_CACHE_BYTES",
     [](config& c, const std::string& k, const std::string& v) { c.api_cache_bytes = parse_bytes(k, v); }},
  };
  return all;
}

void apply(config& c, const std::string& key, const std::string& value) {
  auto it = setters().find(key);
  if (it == setters().end())
    throw config_error(key, "unknown setting");
  if (value.empty())
    throw config_error(key, "empty value");
  it->second(c, key, value);
}

} // namespace

void config::require(std::initializer_list<const char*> keys) const {
  for (const char* key : keys) {
    std::string k = key;
    bool missing = (k == "UPSYNC_DATABASE_URL" && database_url.empty())
                   || (k == "UPSYNC_SECRET_KEY" && secret_key_hex.empty())
                   || (k == "UPSYNC_OLD_SECRET_KEY" && old_secret_key_hex.empty())
                   || (k == "UPSYNC_UPWORK_CLIENT_ID" && upwork_client_id.empty())
                   || (k == "UPSYNC_UPWORK_CLIENT_SECRET" && upwork_client_secret.empty())
                   || (k == "UPSYNC_UPWORK_REDIRECT_URI" && upwork_redirect_uri.empty());
    if (missing)
      throw config_error(k, "is required (set it in the config file or the environment)");
  }
}

void apply_config_text(config& c, std::string_view text, const std::string& source) {
  std::istringstream in{std::string{text}};
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    line = trim(line);
    if (line.empty() || line[0] == '#')
      continue;
    auto eq = line.find('=');
    if (eq == std::string::npos)
      throw config_error(source + ":" + std::to_string(number), "expected KEY = value");
    std::string key = trim(line.substr(0, eq));
    std::string value = trim(line.substr(eq + 1));
    if (key.empty()) // found by fuzz_config: "= value" used to be refused as the unknown key ""
      throw config_error(source + ":" + std::to_string(number), "expected KEY = value, the key is missing");
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front())
      value = value.substr(1, value.size() - 2);
    apply(c, key, value);
  }
}

config load_config(const std::optional<std::string>& file, const std::map<std::string, std::string>& environment) {
  config c;
  if (file) {
    std::ifstream in{*file};
    if (!in)
      throw config_error("--config", "cannot read " + *file);
    apply_config_text(c, std::string{std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}}, *file);
  }
  for (const auto& [key, value] : environment)
    if (key.rfind("UPSYNC_", 0) == 0 && setters().count(key))
      apply(c, key, value);
  return c;
}

std::map<std::string, std::string> upsync_environment() {
  std::map<std::string, std::string> out;
  for (char** e = environ; e && *e; ++e) {
    std::string entry = *e;
    auto eq = entry.find('=');
    if (eq != std::string::npos && entry.rfind("UPSYNC_", 0) == 0)
      out[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  return out;
}

} // namespace upsync::app
