// Numbered SQL migrations, embedded in the binary and applied in order.
#pragma once

#include <string>
#include <vector>

#include <pqxx/types.hxx>

namespace upsync::storage {

struct migration {
  int version;
  const char* name; ///< file name without extension, e.g. "0001_workspace"
  const char* sql;
};

/// Every migration under storage/migrations, ordered by version (generated at build time).
const std::vector<migration>& embedded_migrations();

/// Applies the migrations `db` has not seen yet, each in its own transaction together with
/// its row in `schema_migrations`. A session advisory lock serialises concurrent callers,
/// so two processes migrating at once apply each migration exactly once. Returns the
/// versions applied by this call.
std::vector<int> migrate(pqxx::connection_base& db, const std::vector<migration>& migrations = embedded_migrations());

} // namespace upsync::storage
