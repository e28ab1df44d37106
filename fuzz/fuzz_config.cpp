// libFuzzer target: upsyncd's configuration file text (app/config). Any text either
// configures or is refused with a config_error naming the key or line; a configuration
// it accepts keeps its ranges.
#include "app/config.hpp"

#include <cstdint>
#include <cstdlib>

namespace {

void check(bool ok) {
  if (!ok)
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace upsync::app;
  config c;
  try {
    apply_config_text(c, {reinterpret_cast<const char*>(data), size}, "fuzz.conf");
  } catch (const config_error& e) {
    check(!e.key.empty());
    return 0;
  }
  check(c.sync_interval_seconds >= 1 && c.sync_interval_seconds <= 86400);
  check(c.import_days >= 1 && c.import_days <= 366);
  check(c.upwork_max_rps > 0 && c.upwork_max_rps <= 10000);
  check(c.http_threads >= 1 && c.http_workers >= 1 && c.database_pool_size >= 1);
  check(c.secret_key_hex.empty() || c.secret_key_hex.size() == 64);
  check(c.log_format == "text" || c.log_format == "json");
  return 0;
}
