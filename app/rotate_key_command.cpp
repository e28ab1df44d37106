// `upsyncd rotate-key`: moves every sealed Upwork token from the old secret key to the new
// one in one transaction. A token neither key opens stops it with nothing changed.
#include "app/commands.hpp"
#include "storage/key_rotation.hpp"

#include <iostream>
#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

namespace upsync::app {

int run_rotate_key(const config& cfg) {
  cfg.require({"UPSYNC_DATABASE_URL", "UPSYNC_OLD_SECRET_KEY", "UPSYNC_SECRET_KEY"});
  auto old = storage::secret_key::from_hex(cfg.old_secret_key_hex);
  auto fresh = storage::secret_key::from_hex(cfg.secret_key_hex);
  if (cfg.old_secret_key_hex == cfg.secret_key_hex)
    throw config_error("UPSYNC_OLD_SECRET_KEY", "is the same as UPSYNC_SECRET_KEY: nothing to rotate");
  pqxx::connection db{cfg.database_url};
  pqxx::work tx{db};
  try {
    auto r = storage::rotate_token_key(tx, *old, *fresh);
    tx.commit();
    spdlog::info("secret_key_rotated connections={} re_encrypted={} already_new={}", r.connections, r.re_encrypted,
                 r.already_new);
    std::cout << "re-encrypted " << r.re_encrypted << " token(s) of " << r.connections
              << " connection(s) under the new key; " << r.already_new << " were under it already\n";
    return 0;
  } catch (const storage::key_rotation_error& e) {
    std::cerr << "upsyncd: rotate-key changed nothing: " << e.what() << "\n";
    return 1;
  }
}

} // namespace upsync::app
