#include "tests/support/pg_cluster.hpp"

#include "storage/migrations.hpp"

#include <arpa/inet.h>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <netinet/in.h>
#include <pqxx/pqxx>
#include <pwd.h>
#include <stdexcept>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace upsync::testing {

namespace {

// The identity the server runs as: ourselves, or `postgres` when we are root (the
// server refuses to run as root).
struct server_identity {
  bool switch_user = false;
  uid_t uid = 0;
  gid_t gid = 0;
};

server_identity identity() {
  server_identity id;
  if (geteuid() != 0)
    return id;
  const passwd* pw = getpwnam("postgres");
  if (!pw)
    throw std::runtime_error("running as root needs the 'postgres' user (package postgresql-15)");
  id.switch_user = true;
  id.uid = pw->pw_uid;
  id.gid = pw->pw_gid;
  return id;
}

std::string find_bin_dir() {
  if (const char* env = std::getenv("UPSYNC_PG_BIN"))
    return env;
  for (const char* dir : {"/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/17/bin"})
    if (std::filesystem::exists(std::string{dir} + "/postgres"))
      return dir;
  throw std::runtime_error("PostgreSQL server binaries not found; set UPSYNC_PG_BIN");
}

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0
      || ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
    throw std::runtime_error("cannot find a free port");
  ::close(fd);
  return ntohs(addr.sin_port);
}

// fork + exec as the server identity. `wait` runs the child to completion.
pid_t spawn(const std::vector<std::string>& argv, const std::string& log_file, bool wait) {
  server_identity id = identity();
  pid_t pid = ::fork();
  if (pid < 0)
    throw std::runtime_error("fork failed");
  if (pid == 0) {
    if (id.switch_user && (::setgid(id.gid) != 0 || ::setuid(id.uid) != 0))
      ::_exit(126);
    // The server must not outlive a crashed test process (set after setuid, which clears it).
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    int log = ::open(log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (log >= 0) {
      ::dup2(log, 1);
      ::dup2(log, 2);
    }
    std::vector<char*> args;
    for (const auto& a : argv)
      args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  if (wait) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
      throw std::runtime_error(argv[0] + " failed; see " + log_file);
  }
  return pid;
}

} // namespace

pg_cluster& pg_cluster::shared() {
  static pg_cluster cluster;
  return cluster;
}

pg_cluster::pg_cluster() : bin_dir_(find_bin_dir()) {
  char tmpl[] = "/tmp/upsync-pg-XXXXXX";
  if (!::mkdtemp(tmpl))
    throw std::runtime_error("mkdtemp failed");
  dir_ = tmpl;
  server_identity id = identity();
  if (id.switch_user && ::chown(dir_.c_str(), id.uid, id.gid) != 0)
    throw std::runtime_error("cannot hand " + dir_ + " to the postgres user");
  spawn({bin_dir_ + "/initdb", "-D", dir_ + "/data", "-U", "upsync", "--auth=trust", "-E", "UTF8", "--locale=C",
         "--no-sync"},
        dir_ + "/initdb.log", true);
  port_ = free_port();
  start_server();
}

pg_cluster::~pg_cluster() {
  stop_server();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

void pg_cluster::start_server() {
  server_pid_ = spawn({bin_dir_ + "/postgres", "-D", dir_ + "/data", "-p", std::to_string(port_), "-k", dir_, "-c",
                       "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "full_page_writes=off", "-c",
                       "synchronous_commit=off", "-c", "max_connections=200"},
                      dir_ + "/server.log", false);
  // Wait until the server accepts connections (a condition, polled), for at most 60 s.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  for (;;) {
    try {
      pqxx::connection probe{url("postgres")};
      return;
    } catch (const std::exception&) {
      int status = 0;
      if (::waitpid(server_pid_, &status, WNOHANG) == server_pid_)
        throw std::runtime_error("postgres exited at start; see " + dir_ + "/server.log");
      if (std::chrono::steady_clock::now() > deadline)
        throw std::runtime_error("postgres did not start; see " + dir_ + "/server.log");
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
}

void pg_cluster::stop_server() {
  if (server_pid_ <= 0)
    return;
  ::kill(server_pid_, SIGINT); // fast shutdown: abort sessions, clean stop
  int status = 0;
  ::waitpid(server_pid_, &status, 0);
  server_pid_ = -1;
}

void pg_cluster::restart() {
  stop_server();
  start_server();
}

std::string pg_cluster::url(const std::string& name) const {
  return "postgresql://upsync@127.0.0.1:" + std::to_string(port_) + "/" + name;
}

std::string pg_cluster::create_empty_database() {
  std::string name = "test_" + std::to_string(::getpid()) + "_" + std::to_string(++next_database_);
  pqxx::connection admin{url("postgres")};
  pqxx::nontransaction tx{admin};
  tx.exec0("CREATE DATABASE " + name + " TEMPLATE template0");
  return url(name);
}

std::string pg_cluster::create_migrated_database() {
  pqxx::connection admin{url("postgres")};
  if (!template_ready_) {
    {
      pqxx::nontransaction tx{admin};
      tx.exec0("CREATE DATABASE upsync_template TEMPLATE template0");
    }
    pqxx::connection db{url("upsync_template")};
    storage::migrate(db);
    template_ready_ = true;
  }
  std::string name = "test_" + std::to_string(::getpid()) + "_" + std::to_string(++next_database_);
  pqxx::nontransaction tx{admin};
  tx.exec0("CREATE DATABASE " + name + " TEMPLATE upsync_template STRATEGY FILE_COPY");
  return url(name);
}

} // namespace upsync::testing
