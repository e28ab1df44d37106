#include "storage/migrations.hpp"

#include <pqxx/pqxx>

namespace upsync::storage {

namespace {

// Arbitrary but fixed: every upsyncd process agrees on it ("upsync" in ASCII).
constexpr long long migration_lock_key = 0x757073796e63;

struct advisory_lock {
  explicit advisory_lock(pqxx::connection_base& db) : db(db) {
    pqxx::nontransaction tx{db};
    tx.exec("SELECT pg_advisory_lock(" + std::to_string(migration_lock_key) + ")");
  }
  ~advisory_lock() {
    try {
      pqxx::nontransaction tx{db};
      tx.exec("SELECT pg_advisory_unlock(" + std::to_string(migration_lock_key) + ")");
    } catch (...) {
      // The lock dies with the session anyway.
    }
  }
  pqxx::connection_base& db;
};

} // namespace

std::vector<int> migrate(pqxx::connection_base& db, const std::vector<migration>& migrations) {
  advisory_lock lock{db};
  {
    pqxx::work tx{db};
    tx.exec0("CREATE TABLE IF NOT EXISTS schema_migrations ("
             " version integer PRIMARY KEY,"
             " name text NOT NULL,"
             " applied_at timestamptz NOT NULL DEFAULT now())");
    tx.commit();
  }
  std::vector<int> applied;
  for (const auto& m : migrations) {
    pqxx::work tx{db};
    auto seen = tx.exec_params("SELECT 1 FROM schema_migrations WHERE version = $1", m.version);
    if (!seen.empty())
      continue;
    tx.exec0(m.sql);
    tx.exec_params0("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", m.version, std::string{m.name});
    tx.commit();
    applied.push_back(m.version);
  }
  return applied;
}

} // namespace upsync::storage
