// upsyncd as a child process for the benchmarks that measure the daemon itself (memory,
// CPU, HTTP): its stdout and stderr go to a log file the benchmark reads lines from.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <sys/types.h>

namespace upsync::bench {

/// The settings every benchmark gives upsyncd: its database, key, a free loopback port, and
/// the simulator at `sim_base_url` as Upwork. Benchmarks add their own keys to it.
std::map<std::string, std::string> daemon_env(const std::string& database_url, const std::string& key_hex,
                                              const std::string& client_id, const std::string& client_secret,
                                              const std::string& sim_base_url);

class daemon {
public:
  /// Starts `upsyncd serve` with the current environment plus `env`; output to `log_path`.
  /// A `wrapper` command line (e.g. "heaptrack -o /tmp/upsyncd") runs upsyncd under it.
  daemon(const std::string& upsyncd, const std::map<std::string, std::string>& env, std::string log_path,
         const std::string& wrapper = {});
  ~daemon(); ///< SIGKILL if still running
  daemon(const daemon&) = delete;
  daemon& operator=(const daemon&) = delete;

  /// Waits until a line of the log contains `needle`; returns the line (throws on timeout
  /// or when the daemon exits first).
  std::string wait_for_line(const std::string& needle, std::chrono::seconds limit);
  /// "http://127.0.0.1:PORT" once the daemon has said where it listens.
  std::string base_url();
  /// SIGTERM to upsyncd, then waits for the child (the wrapper, if any); returns its exit code.
  int stop();
  /// upsyncd's own process: the child, or under a wrapper the child's descendant named
  /// upsyncd (heaptrack forks it), so memory and CPU figures are upsyncd's, not the wrapper's.
  pid_t pid() const { return upsyncd_pid_; }

private:
  pid_t pid_ = -1;         ///< the child this object forked (and reaps)
  pid_t upsyncd_pid_ = -1; ///< the process measured and signalled
  std::string log_path_;
};

} // namespace upsync::bench
