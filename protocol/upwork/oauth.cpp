// Token requests: form bodies, client credentials as HTTP Basic, retries.
#include "protocol/upwork/oauth.hpp"

#include "protocol/upwork/url.hpp"

#include <chrono>

namespace upsync::upwork {
namespace {

std::string base64(std::string_view in) {
  static const char* const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8)
                       | static_cast<unsigned char>(in[i + 2]);
    out += alphabet[v >> 18];
    out += alphabet[(v >> 12) & 63];
    out += alphabet[(v >> 6) & 63];
    out += alphabet[v & 63];
  }
  if (i + 1 == in.size()) {
    const unsigned v = static_cast<unsigned char>(in[i]) << 16;
    out += alphabet[v >> 18];
    out += alphabet[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
    out += alphabet[v >> 18];
    out += alphabet[(v >> 12) & 63];
    out += alphabet[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

} // namespace

oauth_client::oauth_client(oauth_config config, std::shared_ptr<http_transport> transport,
                           std::shared_ptr<request_budget> budget, retry_policy retry,
                           std::shared_ptr<upwork::clock> clk)
    : config_(std::move(config)), transport_(std::move(transport)), budget_(std::move(budget)), clock_(std::move(clk)),
      backoff_(retry) {}

result<token_set> oauth_client::exchange_code(std::string_view code) {
  return post_form("grant_type=authorization_code&code=" + form_escape(code)
                   + "&redirect_uri=" + form_escape(config_.redirect_uri));
}

result<token_set> oauth_client::refresh(std::string_view refresh_token) {
  auto r = post_form("grant_type=refresh_token&refresh_token=" + form_escape(refresh_token));
  if (r.ok() && r->refresh_token.empty()) {
    token_set t = std::move(r).value();
    t.refresh_token = std::string{refresh_token};
    return t;
  }
  return r;
}

result<token_set> oauth_client::post_form(const std::string& form) {
  http_request req;
  req.method = "POST";
  req.url = config_.token_url;
  req.headers.push_back({"Content-Type", "application/x-www-form-urlencoded"});
  req.headers.push_back({"Accept", "application/json"});
  if (config_.credentials_in_body) {
    req.body =
      form + "&client_id=" + form_escape(config_.client_id) + "&client_secret=" + form_escape(config_.client_secret);
  } else {
    // RFC 6749 2.3.1: both parts form-encoded, then Basic.
    req.headers.push_back(
      {"Authorization", "Basic " + base64(form_escape(config_.client_id) + ":" + form_escape(config_.client_secret))});
    req.body = form;
  }
  const int max_attempts = backoff_.policy().max_attempts;
  for (int attempt = 1;; ++attempt) {
    // A token request is the most urgent of all (domain::request_purpose): it may take the
    // last requests of a day, never more than the day's budget.
    if (budget_ && !budget_->acquire(request_purpose::token))
      return make_error(error_kind::budget_spent, "not sent: Upwork's daily request budget is spent");
    if (requests_)
      requests_->count();
    const auto sent = std::chrono::steady_clock::now();
    auto resp = transport_->send(req);
    if (observer_)
      observer_->request_done("token", resp.ok() ? resp->status : 0, std::chrono::steady_clock::now() - sent);
    std::optional<error> err;
    if (!resp.ok()) {
      err = resp.error();
    } else {
      auto tokens = parse_token_response(resp->status, resp->body);
      if (tokens.ok())
        return tokens;
      err = tokens.error();
      if (auto ra = parse_retry_after(resp->header("Retry-After")))
        err->retry_after = *ra;
    }
    // An old refresh token keeps working for a day after rotation, so sending the same
    // refresh again after a lost answer is safe.
    if (!err->is_transient() || attempt >= max_attempts)
      return *err;
    if (err->retry_after && *err->retry_after > backoff_.policy().max_retry_after)
      return *err;
    if (observer_)
      observer_->retried("token");
    clock_->sleep_for(backoff_.delay(attempt - 1, err->retry_after));
  }
}

} // namespace upsync::upwork
