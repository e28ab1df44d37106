#include "bench/support/databases.hpp"

#include "storage/migrations.hpp"
#include "tests/support/pg_cluster.hpp"

#include <pqxx/pqxx>
#include <unistd.h>

namespace upsync::bench {

databases::databases(std::optional<std::string> admin_url) : admin_url_(std::move(admin_url)) {}

std::string databases::fresh(const std::string& label) {
  if (!admin_url_)
    return testing::pg_cluster::shared().create_migrated_database();
  std::string name = "bench_" + label + "_" + std::to_string(::getpid()) + "_" + std::to_string(++next_);
  {
    pqxx::connection admin{*admin_url_};
    pqxx::nontransaction tx{admin};
    tx.exec0("CREATE DATABASE " + name + " TEMPLATE template0");
  }
  // Same server, another database: the URL's path is the database name.
  auto slash = admin_url_->rfind('/');
  auto query = admin_url_->find('?', slash);
  std::string url = admin_url_->substr(0, slash + 1) + name
                    + (query == std::string::npos ? "" : admin_url_->substr(query));
  pqxx::connection db{url};
  storage::migrate(db);
  return url;
}

std::string databases::describe() const {
  return admin_url_ ? "durable PostgreSQL 15 (default settings, fsync on)"
                    : "tests' throwaway PostgreSQL (fsync off, synchronous_commit off)";
}

} // namespace upsync::bench
