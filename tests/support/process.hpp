// Runs a program as a child process for tests: capture its output, or keep it running
// and read its stdout line by line.
#pragma once

#include <map>
#include <string>
#include <sys/types.h>
#include <vector>

namespace upsync::testing {

struct process_result {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs argv with the current environment plus `env`, waits, returns what it printed.
process_result run_process(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env = {});

/// A child that keeps running; killed (SIGKILL) on destruction if still alive.
class child_process {
public:
  child_process(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env = {});
  ~child_process();
  /// Reads stdout until a line contains `needle` (or EOF); returns that line or "".
  std::string read_line_containing(const std::string& needle);
  /// Sends `signal` and waits for the exit code (128+signal when killed by it).
  int stop(int signal);
  pid_t pid() const { return pid_; }

private:
  pid_t pid_ = -1;
  int out_fd_ = -1;
  std::string pending_;
};

} // namespace upsync::testing
