// A fixed-size pool of PostgreSQL connections for blocking callers (HTTP handler threads,
// command-line tools). Connections open lazily and are replaced when they break; their
// sessions run without JIT compilation (see acquire()).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <pqxx/connection>

namespace upsync::storage {

class connection_pool {
public:
  /// A connection on loan; returns to the pool when destroyed. A connection that is no
  /// longer open is dropped on return and reopened by the next borrower.
  class lease {
  public:
    lease(connection_pool& pool, std::unique_ptr<pqxx::connection> conn);
    lease(lease&&) noexcept;
    lease& operator=(lease&&) = delete;
    ~lease();
    pqxx::connection& operator*() const { return *conn_; }
    pqxx::connection* operator->() const { return conn_.get(); }

  private:
    connection_pool* pool_;
    std::unique_ptr<pqxx::connection> conn_;
  };

  connection_pool(std::string url, std::size_t size);
  ~connection_pool();
  connection_pool(const connection_pool&) = delete;
  connection_pool& operator=(const connection_pool&) = delete;

  /// Blocks until a connection is free; opens it if needed (throws when PostgreSQL is
  /// unreachable, leaving the slot free for the next attempt).
  lease acquire();

  /// True when PostgreSQL answers `SELECT 1` on a pooled connection.
  bool ping();

  const std::string& url() const { return url_; }

private:
  void give_back(std::unique_ptr<pqxx::connection> conn);

  std::string url_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_;
  std::size_t free_slots_; // idle connections plus slots not yet opened
};

} // namespace upsync::storage
