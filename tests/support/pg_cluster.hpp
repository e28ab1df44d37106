// A throwaway PostgreSQL 15 cluster for tests: initdb in a temporary folder, a free
// loopback port, torn down when the test process exits. Works as root by running the
// server as the `postgres` system user.
#pragma once

#include <string>
#include <sys/types.h>

namespace upsync::testing {

class pg_cluster {
public:
  /// The process-wide cluster, started on first use.
  static pg_cluster& shared();

  ~pg_cluster();
  pg_cluster(const pg_cluster&) = delete;
  pg_cluster& operator=(const pg_cluster&) = delete;

  /// libpq URL of database `name` in this cluster.
  std::string url(const std::string& name) const;

  /// A new, empty database with a unique name; returns its URL.
  std::string create_empty_database();

  /// A new database with every migration applied (copied from a template that is
  /// migrated once per process); returns its URL.
  std::string create_migrated_database();

  int port() const { return port_; }
  /// Stops the server with SIGKILL-free fast shutdown and restarts it on the same port.
  void restart();

private:
  pg_cluster();
  void start_server();
  void stop_server();

  std::string dir_;
  std::string bin_dir_;
  int port_ = 0;
  pid_t server_pid_ = -1;
  bool template_ready_ = false;
  int next_database_ = 0;
};

} // namespace upsync::testing
