#include "http/connect_upwork.hpp"

#include "http/upwork_gateway.hpp"

#include <spdlog/spdlog.h>

namespace upsync::http {

domain::connect_upwork::exchange connect_upwork::exchange_code(const std::string& code) {
  auto tokens = gateway_.exchange_code(code, requests_);
  exchange out;
  if (tokens.ok()) {
    out.tokens = std::move(*tokens);
    return out;
  }
  spdlog::warn("upwork_code_exchange_failed request_id={} kind={} status={}", request_id_,
               upwork::to_string(tokens.error().kind), tokens.error().http_status);
  out.failed = tokens.error().kind == upwork::error_kind::needs_reauth ? exchange::failure::refused
                                                                       : exchange::failure::unreachable;
  return out;
}

domain::connect_upwork::discovery connect_upwork::discover(const domain::token_set& tokens) {
  auto found = gateway_.discover(tokens.access_token, requests_);
  discovery out;
  if (found.ok()) {
    for (const auto& org : *found)
      skipped_ += org.skipped_entries;
    out.found = std::move(*found);
    return out;
  }
  // The error's text names the operation and what Upwork said; tokens never appear in it.
  const auto& e = found.error();
  spdlog::warn("upwork_discovery_failed request_id={} kind={} status={} error=\"{}\"", request_id_,
               upwork::to_string(e.kind), e.http_status, e.message);
  out.error = upwork::summary(e);
  return out;
}

} // namespace upsync::http
