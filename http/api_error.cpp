#include "http/api_error.hpp"

#include "common/json_writer.hpp"

namespace upsync::http {

std::string error_body(const std::string& code, const std::string& message, const std::optional<std::string>& field) {
  json::writer w;
  w.begin_object().key("error").begin_object();
  w.field("code", code).field("message", message);
  if (field)
    w.field("field", *field);
  w.end_object().end_object();
  return std::move(w).str();
}

response error_response(unsigned status, const std::string& code, const std::string& message, unsigned version,
                        bool keep_alive, const std::optional<std::string>& field) {
  response res{static_cast<boost::beast::http::status>(status), version};
  res.set(boost::beast::http::field::content_type, "application/json");
  res.keep_alive(keep_alive);
  res.body() = error_body(code, message, field);
  res.prepare_payload();
  return res;
}

} // namespace upsync::http
