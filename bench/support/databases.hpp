// Where a benchmark's data lives: a fresh, migrated database per run. scripts/bench.sh
// starts one throwaway PostgreSQL with its default, durable settings (fsync on) and passes
// its URL as --pg-url; without it (smoke runs) the tests' throwaway cluster is used, which
// trades durability for speed (fsync off), so its figures are not comparable.
#pragma once

#include <optional>
#include <string>
#include <sys/types.h>

namespace upsync::bench {

class databases {
public:
  /// `admin_url`: any database of the server to create databases on (--pg-url).
  explicit databases(std::optional<std::string> admin_url);

  /// A new database with every migration applied; returns its URL.
  std::string fresh(const std::string& label);

  /// The server's postmaster process id when it runs on this machine and its data
  /// directory is readable (for its CPU time); 0 otherwise.
  pid_t server_pid() const;

  /// "durable (fsync on)" or "throwaway (fsync off)", for the report.
  std::string describe() const;

private:
  std::optional<std::string> admin_url_;
  int next_ = 0;
};

} // namespace upsync::bench
