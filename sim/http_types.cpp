// HTTP response helpers.
#include "sim/http_types.hpp"

#include "common/json_writer.hpp"

namespace upsync::sim {

reply json_reply(const http_request& req, http::status status, std::string body) {
  reply r;
  r.res = http_response{status, req.version()};
  r.res.set(http::field::server, "upwork-sim");
  r.res.set(http::field::content_type, "application/json");
  r.res.keep_alive(req.keep_alive());
  r.res.body() = std::move(body);
  r.res.prepare_payload();
  return r;
}

reply oauth_error(const http_request& req, int status, const std::string& error, const std::string& description) {
  json::writer w;
  w.begin_object().field("error", error).field("error_description", description).end_object();
  return json_reply(req, static_cast<http::status>(status), std::move(w).str());
}

} // namespace upsync::sim
