// Liveness and readiness probes.
#include "http/handlers/routes.hpp"

namespace upsync::http {

void add_health_routes(router& r, std::function<bool()> ready) {
  using boost::beast::http::verb;
  r.add(
    verb::get, "/healthz", access::anyone,
    [](api_request&) {
      return api_response{200, R"({"status":"ok"})"};
    },
    false);
  r.add(
    verb::get, "/readyz", access::anyone,
    [ready = std::move(ready)](api_request&) {
      if (ready())
        return api_response{200, R"({"status":"ready"})"};
      return api_response{503, R"({"error":{"code":"unavailable","message":"not ready"}})"};
    },
    false);
}

} // namespace upsync::http
