// Turns a raw HTTP request into a routed, authenticated, transactional handler call and
// its answer — the server's request_handler. Also logs every request.
#pragma once

#include "http/router.hpp"
#include "http/server.hpp"

namespace upsync::storage {
class connection_pool;
}

namespace upsync::http {

class dispatcher {
public:
  dispatcher(const router& routes, storage::connection_pool& pool);

  response operator()(request&& req) const;

private:
  api_response call(const route& r, api_request& req) const;

  const router& routes_;
  storage::connection_pool& pool_;
};

} // namespace upsync::http
