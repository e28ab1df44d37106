// Hears PostgreSQL's 'upsync_workspace_changed' notifications (storage/migrations/
// 0006_change_notifications.sql) on a dedicated connection and records them in a
// change_clock, so that the API cache drops what other processes (the sync writers,
// another upsyncd, psql) changed. While the connection is down the clock is told so:
// nothing cached is served or kept until the listener is back (and has voided everything
// again, as notifications may have been missed meanwhile).
#pragma once

#include "http/change_clock.hpp"

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

namespace upsync::http {

struct change_listener_options {
  /// Waits between reconnection attempts: doubling from the first to the last.
  std::chrono::milliseconds retry_first{100};
  std::chrono::milliseconds retry_last{5000};
  /// An idle connection is probed (SELECT 1) this often, so that a silently dead one is
  /// noticed (with the connection's TCP keepalives and 10 s send timeout).
  std::chrono::milliseconds keepalive{10'000};
};

/// The connection's application_name, so that operators (and tests) can find it in
/// pg_stat_activity.
inline constexpr const char* change_listener_application = "upsyncd change listener";

class change_listener {
public:
  change_listener(std::string database_url, change_clock& clock, change_listener_options options = {});
  ~change_listener();
  change_listener(const change_listener&) = delete;
  change_listener& operator=(const change_listener&) = delete;

  /// Starts the listening thread; returns at once (the first connection is made there).
  void start();
  /// Stops and joins the thread, closing the connection.
  void stop();

private:
  void run();
  /// One connection's life: returns when it is lost or stop() is called.
  void listen_once();

  std::string url_;
  change_clock& clock_;
  change_listener_options options_;
  std::thread thread_;
  int wake_fd_ = -1; // eventfd: stop() interrupts poll() at once
  std::atomic<bool> stopping_{false};
};

} // namespace upsync::http
