#include "http/change_listener.hpp"

#include "storage/records.hpp"

#include <charconv>
#include <libpq-fe.h>
#include <memory>
#include <poll.h>
#include <spdlog/spdlog.h>
#include <stdexcept>
#include <sys/eventfd.h>
#include <unistd.h>

namespace upsync::http {

namespace {

constexpr const char* channel = "upsync_workspace_changed";

struct pg_conn_closer {
  void operator()(PGconn* c) const { PQfinish(c); }
};
using pg_conn = std::unique_ptr<PGconn, pg_conn_closer>;

struct lost : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string error_of(PGconn* c) {
  std::string text = PQerrorMessage(c);
  for (auto& ch : text)
    if (ch == '\n' || ch == '"')
      ch = ' ';
  while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
    text.pop_back();
  return text;
}

void exec(PGconn* c, const char* sql) {
  std::unique_ptr<PGresult, decltype(&PQclear)> r{PQexec(c, sql), &PQclear};
  auto status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    throw lost(error_of(c));
}

} // namespace

change_listener::change_listener(std::string database_url, change_clock& clock, change_listener_options options)
    : url_(std::move(database_url)), clock_(clock), options_(options) {}

change_listener::~change_listener() { stop(); }

void change_listener::start() {
  if (thread_.joinable())
    return;
  wake_fd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (wake_fd_ < 0)
    throw std::runtime_error("change listener: eventfd failed");
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
}

void change_listener::stop() {
  if (!thread_.joinable())
    return;
  stopping_ = true;
  std::uint64_t one = 1;
  [[maybe_unused]] auto written = write(wake_fd_, &one, sizeof one);
  thread_.join();
  close(wake_fd_);
  wake_fd_ = -1;
  clock_.set_listening(false);
}

void change_listener::run() {
  auto wait = options_.retry_first;
  while (!stopping_) {
    try {
      listen_once();
      wait = options_.retry_first; // it had connected: retry quickly
    } catch (const lost& e) {
      if (!stopping_)
        spdlog::warn("change_listener_lost error=\"{}\" retry_ms={}", e.what(), wait.count());
    }
    clock_.set_listening(false);
    if (stopping_)
      break;
    pollfd wake{wake_fd_, POLLIN, 0};
    poll(&wake, 1, static_cast<int>(wait.count()));
    wait = std::min(wait * 2, options_.retry_last);
  }
}

void change_listener::listen_once() {
  // The URL, then settings of our own that override it: a name operators can find, and
  // TCP keepalives and a send timeout so that a silently dead network (no FIN, no RST)
  // is noticed within about 20 s by the idle probe below instead of TCP's minutes.
  const char* keys[] = {"dbname",           "application_name", "connect_timeout",
                        "keepalives",       "keepalives_idle",  "keepalives_interval",
                        "keepalives_count", "tcp_user_timeout", nullptr};
  const char* values[] = {url_.c_str(), change_listener_application, "10", "1", "10", "5", "2", "10000", nullptr};
  pg_conn conn{PQconnectdbParams(keys, values, 1)};
  if (!conn || PQstatus(conn.get()) != CONNECTION_OK)
    throw lost(conn ? error_of(conn.get()) : "out of memory");
  exec(conn.get(), (std::string{"LISTEN "} + channel).c_str());
  // Only now, with LISTEN in place, can no commit go unheard: void what was kept before.
  clock_.set_listening(true);
  spdlog::info("change_listener_listening channel={}", channel);

  while (!stopping_) {
    pollfd fds[2] = {{PQsocket(conn.get()), POLLIN, 0}, {wake_fd_, POLLIN, 0}};
    int ready = poll(fds, 2, static_cast<int>(options_.keepalive.count()));
    if (stopping_)
      return;
    if (ready == 0) {
      exec(conn.get(), "SELECT 1"); // notifications that arrive meanwhile stay queued
    } else if (ready < 0) {
      continue; // EINTR
    } else if (!PQconsumeInput(conn.get())) {
      throw lost(error_of(conn.get()));
    }
    while (PGnotify* n = PQnotifies(conn.get())) {
      std::string_view payload{n->extra};
      storage::db_id workspace = 0;
      auto [end, ec] = std::from_chars(payload.data(), payload.data() + payload.size(), workspace);
      if (ec == std::errc{} && end == payload.data() + payload.size())
        clock_.workspace_changed(workspace);
      else
        clock_.everything_changed(); // '*' (TRUNCATE), or anything not understood
      PQfreemem(n);
    }
    if (PQstatus(conn.get()) != CONNECTION_OK)
      throw lost(error_of(conn.get()));
  }
}

} // namespace upsync::http
