#include "bench/support/databases.hpp"

#include "storage/migrations.hpp"
#include "tests/support/pg_cluster.hpp"

#include <fstream>
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
  std::string url =
    admin_url_->substr(0, slash + 1) + name + (query == std::string::npos ? "" : admin_url_->substr(query));
  pqxx::connection db{url};
  storage::migrate(db);
  return url;
}

pid_t databases::server_pid() const {
  try {
    std::string url = admin_url_ ? *admin_url_ : testing::pg_cluster::shared().url("postgres");
    pqxx::connection db{url};
    pqxx::nontransaction tx{db};
    auto dir = tx.exec1("SELECT current_setting('data_directory')")[0].as<std::string>();
    std::ifstream pid_file{dir + "/postmaster.pid"};
    long pid = 0;
    if (pid_file >> pid)
      return static_cast<pid_t>(pid);
  } catch (const std::exception&) {
    // Not ours to read (another user's server, or not a superuser): no server CPU figure.
  }
  return 0;
}

std::string databases::describe() const {
  return admin_url_ ? "durable PostgreSQL 15 (default settings, fsync on)"
                    : "tests' throwaway PostgreSQL (fsync off, synchronous_commit off)";
}

} // namespace upsync::bench
