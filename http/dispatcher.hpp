// Turns a raw HTTP request into a routed, authenticated, transactional handler call and
// its answer — the server's request_handler. Also logs and counts every request.
#pragma once

#include "http/router.hpp"
#include "http/server.hpp"

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

class dispatcher {
public:
  /// With `metrics`, counts requests by route pattern (never the raw path), method and
  /// status, their latency, and PostgreSQL errors.
  dispatcher(const router& routes, storage::connection_pool& pool, metrics::registry* metrics = nullptr);

  response operator()(request&& req) const;

private:
  api_response call(const route& r, api_request& req) const;
  api_response read_once(const route& r, api_request& req, pqxx::connection_base& conn) const;
  void count_database_error(const std::exception& e) const;

  const router& routes_;
  storage::connection_pool& pool_;
  metrics::family<metrics::counter>* requests_ = nullptr;
  metrics::family<metrics::histogram>* latency_ = nullptr;
  metrics::family<metrics::counter>* database_errors_ = nullptr;
};

} // namespace upsync::http
