#include "bench/support/daemon.hpp"

#include <csignal>
#include <fcntl.h>
#include <fstream>
#include <stdexcept>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace upsync::bench {

daemon::daemon(const std::string& upsyncd, const std::map<std::string, std::string>& env, std::string log_path,
               const std::string& wrapper)
  : log_path_(std::move(log_path)) {
  int fd = ::open(log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    throw std::runtime_error("cannot open " + log_path_);
  pid_ = ::fork();
  if (pid_ < 0)
    throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL); // never outlives an interrupted benchmark
    ::dup2(fd, STDOUT_FILENO);
    ::dup2(fd, STDERR_FILENO);
    for (const auto& [k, v] : env)
      ::setenv(k.c_str(), v.c_str(), 1);
    if (wrapper.empty())
      ::execl(upsyncd.c_str(), upsyncd.c_str(), "serve", static_cast<char*>(nullptr));
    else
      ::execl("/bin/sh", "sh", "-c", ("exec " + wrapper + " " + upsyncd + " serve").c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(fd);
}

daemon::~daemon() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
}

std::string daemon::wait_for_line(const std::string& needle, std::chrono::seconds limit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) { // looks at least once, also with a zero limit
    std::ifstream log{log_path_};
    std::string line;
    while (std::getline(log, line))
      if (line.find(needle) != std::string::npos)
        return line;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("upsyncd exited before saying \"" + needle + "\"; see " + log_path_);
    }
    if (std::chrono::steady_clock::now() >= deadline)
      throw std::runtime_error("upsyncd did not say \"" + needle + "\" in time; see " + log_path_);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

std::string daemon::base_url() {
  auto line = wait_for_line("listening on", std::chrono::seconds(60));
  auto at = line.find("http://");
  return line.substr(at, line.find_first_of(" \r\n", at) - at);
}

int daemon::stop() {
  if (pid_ <= 0)
    return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::map<std::string, std::string> daemon_env(const std::string& database_url, const std::string& key_hex,
                                              const std::string& client_id, const std::string& client_secret,
                                              const std::string& sim_base_url) {
  return {
    {"UPSYNC_DATABASE_URL", database_url},
    {"UPSYNC_SECRET_KEY", key_hex},
    {"UPSYNC_HTTP_ADDRESS", "127.0.0.1:0"},
    {"UPSYNC_UPWORK_CLIENT_ID", client_id},
    {"UPSYNC_UPWORK_CLIENT_SECRET", client_secret},
    {"UPSYNC_UPWORK_TOKEN_URL", sim_base_url + "/api/v3/oauth2/token"},
    {"UPSYNC_UPWORK_GRAPHQL_URL", sim_base_url + "/graphql"},
  };
}

} // namespace upsync::bench
