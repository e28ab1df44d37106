// Turns a raw HTTP request into a routed, authenticated, transactional handler call and
// its answer — the server's request_handler. Also logs and counts every request.
#pragma once

#include "domain/clock.hpp"
#include "http/router.hpp"
#include "http/server.hpp"

#include <chrono>
#include <optional>
#include <string>

#include <pqxx/types.hxx>

namespace upsync::storage {
class connection_pool;
}
namespace upsync::metrics {
class registry;
class counter;
class histogram;
template <class T>
class family;
} // namespace upsync::metrics

namespace upsync::http {

class api_cache;
class static_files;
struct request_target;

class dispatcher {
public:
  /// With `metrics`, counts requests by route pattern (never the raw path), method and
  /// status, their latency, and PostgreSQL errors. With `cache`, cached-read routes
  /// (router::add_cached_read) keep their answers there, and every non-GET request of an
  /// authenticated caller marks the caller's workspace changed before it is answered (so
  /// the next read sees the write, whichever route made it).
  dispatcher(const router& routes, storage::connection_pool& pool, metrics::registry* metrics = nullptr,
             api_cache* cache = nullptr);

  response operator()(request&& req) const;

  /// The server's quick_handler: a console file (serve_console) or a cached-read GET
  /// answered from memory on the network thread, no database; nullopt for operator().
  std::optional<response> answer_quickly(const request& raw) const;
  /// Only the cached-read part of answer_quickly.
  std::optional<response> answer_from_cache(const request& raw) const;

  /// `/` and `/console/...` answer the web console from `files` (which must outlive the
  /// dispatcher) before any route is matched; without it they are paths like any other.
  void serve_console(const static_files& files) { console_ = &files; }

  /// Where handlers take "now" from (api_request::now); the system clock unless set.
  void use_clock(domain::wall_clock clock) { clock_ = std::move(clock); }

private:
  response finish(const request& raw, const std::string& request_id, const std::string& route_name, api_response answer,
                  std::chrono::steady_clock::time_point started) const;
  std::optional<response> from_cache(const request& raw, const request_target& target,
                                     std::chrono::steady_clock::time_point started) const;
  api_response call(const route& r, api_request& req) const;
  api_response read_once(const route& r, api_request& req, pqxx::connection_base& conn) const;
  void count_database_error(const std::exception& e) const;

  const router& routes_;
  storage::connection_pool& pool_;
  metrics::family<metrics::counter>* requests_ = nullptr;
  metrics::family<metrics::histogram>* latency_ = nullptr;
  metrics::family<metrics::counter>* database_errors_ = nullptr;
  api_cache* cache_ = nullptr;
  const static_files* console_ = nullptr;
  domain::wall_clock clock_ = domain::system_clock();
  metrics::counter* cache_hits_ = nullptr;
  metrics::counter* cache_misses_ = nullptr;
  metrics::counter* cache_off_ = nullptr;
};

} // namespace upsync::http
