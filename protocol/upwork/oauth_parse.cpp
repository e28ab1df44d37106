// The authorize URL and token-endpoint answers (no I/O: fuzzable on its own).
#include "protocol/upwork/json_reader.hpp"
#include "protocol/upwork/oauth.hpp"
#include "protocol/upwork/url.hpp"

#include <simdjson.h>

namespace upsync::upwork {
namespace {

error status_error(int status, std::string message) {
  error_kind kind = error_kind::permanent;
  if (status == 429 || status == 408 || status >= 500)
    kind = error_kind::retryable;
  return make_error(kind, std::move(message), status);
}

} // namespace

std::string build_authorize_url(const oauth_config& config, std::string_view state) {
  std::string u = config.authorize_url;
  u += u.find('?') == std::string::npos ? '?' : '&';
  u += "response_type=code&client_id=" + form_escape(config.client_id)
       + "&redirect_uri=" + form_escape(config.redirect_uri) + "&state=" + form_escape(state);
  return u;
}

result<token_set> parse_token_response(int status, std::string_view body) {
  thread_local simdjson::dom::parser parser;
  simdjson::padded_string padded{body};
  auto parsed = parser.parse(padded);
  const bool ok_status = status >= 200 && status < 300;
  if (parsed.error()) {
    if (!ok_status)
      return status_error(status, "token endpoint: HTTP " + std::to_string(status));
    return make_error(error_kind::malformed,
                      std::string{"token endpoint: invalid JSON: "} + simdjson::error_message(parsed.error()), status);
  }
  json_in::reader r;
  try {
    auto o = r.object(parsed.value_unsafe());
    const std::string err = r.optional_string(o, "error");
    if (!err.empty() || !ok_status) {
      std::string desc = r.optional_string(o, "error_description");
      if (desc.size() > 300)
        desc.resize(300);
      std::string msg = "token endpoint: HTTP " + std::to_string(status) + " "
                        + (err.empty() ? std::string{"error"} : err) + (desc.empty() ? "" : ": " + desc);
      if (err == "invalid_grant")
        return make_error(error_kind::needs_reauth, std::move(msg), status);
      if (status == 429 || status >= 500 || err == "temporarily_unavailable" || err == "server_error")
        return make_error(error_kind::retryable, std::move(msg), status);
      return make_error(error_kind::permanent, std::move(msg), status);
    }
    token_set t;
    t.access_token = r.required(o, "access_token", &json_in::reader::string);
    if (t.access_token.empty())
      r.fail_at("access_token", "is empty");
    t.refresh_token = r.optional_string(o, "refresh_token");
    if (auto tt = r.optional_lenient(o, "token_type", &json_in::reader::text)) {
      if (!tt->empty())
        t.token_type = *tt;
    }
    // An odd lifetime ("a day", -1) is no reason to lose a code that was just spent: it
    // reads as unknown (0), and the caller assumes Upwork's 24 hours.
    t.expires_in = r.optional_lenient(o, "expires_in", &json_in::reader::integer).value_or(0);
    if (t.expires_in < 0)
      t.expires_in = 0;
    return t;
  } catch (const json_in::schema_error& e) {
    return make_error(error_kind::malformed, std::string{"token endpoint: "} + e.what(), status);
  }
}

} // namespace upsync::upwork
