#include "tests/support/process.hpp"

#include <csignal>
#include <cstdlib>
#include <poll.h>
#include <stdexcept>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace upsync::testing {

namespace {

pid_t spawn(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env, int out_pipe[2],
            int err_pipe[2]) {
  pid_t pid = ::fork();
  if (pid < 0)
    throw std::runtime_error("fork failed");
  if (pid == 0) {
    // A test killed by a timeout runs no destructor: the child must not outlive it.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    for (const auto& [k, v] : env)
      ::setenv(k.c_str(), v.c_str(), 1);
    ::dup2(out_pipe[1], 1);
    if (err_pipe)
      ::dup2(err_pipe[1], 2);
    ::close(out_pipe[0]);
    if (err_pipe)
      ::close(err_pipe[0]);
    std::vector<char*> args;
    for (const auto& a : argv)
      args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  ::close(out_pipe[1]);
  if (err_pipe)
    ::close(err_pipe[1]);
  return pid;
}

int exit_code(int status) {
  if (WIFEXITED(status))
    return WEXITSTATUS(status);
  if (WIFSIGNALED(status))
    return 128 + WTERMSIG(status);
  return -1;
}

} // namespace

process_result run_process(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env) {
  int out[2], err[2];
  if (::pipe(out) != 0 || ::pipe(err) != 0)
    throw std::runtime_error("pipe failed");
  pid_t pid = spawn(argv, env, out, err);
  process_result result;
  pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
  int open_fds = 2;
  char buf[4096];
  while (open_fds > 0) {
    ::poll(fds, 2, -1);
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP)))
        continue;
      ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
      if (n <= 0) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      } else {
        (i == 0 ? result.out : result.err).append(buf, static_cast<std::size_t>(n));
      }
    }
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  result.exit_code = exit_code(status);
  return result;
}

child_process::child_process(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env) {
  int out[2];
  if (::pipe(out) != 0)
    throw std::runtime_error("pipe failed");
  pid_ = spawn(argv, env, out, nullptr);
  out_fd_ = out[0];
}

child_process::~child_process() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    int status;
    ::waitpid(pid_, &status, 0);
  }
  if (out_fd_ >= 0)
    ::close(out_fd_);
}

std::string child_process::read_line_containing(const std::string& needle) {
  char buf[4096];
  for (;;) {
    std::size_t nl;
    while ((nl = pending_.find('\n')) != std::string::npos) {
      std::string line = pending_.substr(0, nl);
      pending_.erase(0, nl + 1);
      if (line.find(needle) != std::string::npos)
        return line;
    }
    ssize_t n = ::read(out_fd_, buf, sizeof buf);
    if (n <= 0)
      return "";
    pending_.append(buf, static_cast<std::size_t>(n));
  }
}

int child_process::stop(int signal) {
  ::kill(pid_, signal);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  return exit_code(status);
}

} // namespace upsync::testing
