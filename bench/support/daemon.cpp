#include "bench/support/daemon.hpp"

#include <csignal>
#include <filesystem>
#include <sstream>
#include <fcntl.h>
#include <fstream>
#include <stdexcept>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace upsync::bench {

namespace {

pid_t parent_of(pid_t pid) {
  std::ifstream stat{"/proc/" + std::to_string(pid) + "/stat"};
  std::string line;
  std::getline(stat, line);
  auto after_name = line.rfind(')'); // the name may hold spaces and parentheses
  if (after_name == std::string::npos)
    return -1;
  char state = 0;
  pid_t parent = -1;
  std::istringstream rest{line.substr(after_name + 1)};
  rest >> state >> parent;
  return parent;
}

bool descends_from(pid_t pid, pid_t ancestor) {
  for (int depth = 0; pid > 1 && depth < 16; ++depth) {
    pid = parent_of(pid);
    if (pid == ancestor)
      return true;
  }
  return false;
}

/// The process named upsyncd below `wrapper` (heaptrack and the like fork it after set-up).
pid_t find_wrapped_upsyncd(pid_t wrapper) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    for (const auto& entry : std::filesystem::directory_iterator{"/proc"}) {
      auto name = entry.path().filename().string();
      if (name.find_first_not_of("0123456789") != std::string::npos)
        continue;
      std::ifstream comm{entry.path() / "comm"};
      std::string command;
      std::getline(comm, command);
      auto pid = static_cast<pid_t>(std::stol(name));
      if (command == "upsyncd" && descends_from(pid, wrapper))
        return pid;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  throw std::runtime_error("no upsyncd process appeared under the wrapper");
}

} // namespace

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
      ::execl("/bin/sh", "sh", "-c", ("exec " + wrapper + " " + upsyncd + " serve").c_str(),
              static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(fd);
  upsyncd_pid_ = wrapper.empty() ? pid_ : find_wrapped_upsyncd(pid_);
}

daemon::~daemon() {
  if (pid_ > 0) {
    if (upsyncd_pid_ != pid_)
      ::kill(upsyncd_pid_, SIGKILL); // a wrapper's fork does not inherit the death signal
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
  ::kill(upsyncd_pid_, SIGTERM); // a wrapper (heaptrack) writes its profile once upsyncd exits
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
