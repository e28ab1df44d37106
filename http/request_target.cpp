#include "http/request_target.hpp"

#include "http/api_error.hpp"
#include "common/encoding.hpp"
#include "storage/secrets.hpp"

#include <cctype>

namespace upsync::http {

namespace bhttp = boost::beast::http;

namespace {

// Boost 1.74's Beast speaks boost::string_view.
std::string_view sv(boost::beast::string_view s) { return {s.data(), s.size()}; }

} // namespace

std::map<std::string, std::string> parse_query(std::string_view text) {
  std::map<std::string, std::string> out;
  while (!text.empty()) {
    auto amp = text.find('&');
    auto pair = text.substr(0, amp);
    text = amp == std::string_view::npos ? std::string_view{} : text.substr(amp + 1);
    if (pair.empty())
      continue;
    auto eq = pair.find('=');
    auto key = encoding::percent_decode(pair.substr(0, eq), true);
    auto value = encoding::percent_decode(eq == std::string_view::npos ? "" : pair.substr(eq + 1), true);
    if (!key || !value)
      throw invalid_request("malformed query string");
    out[*key] = *value;
  }
  return out;
}

request_target parse_request_target(std::string_view target) {
  auto question = target.find('?');
  auto path = encoding::percent_decode(target.substr(0, question), false);
  if (!path || path->empty() || path->front() != '/')
    throw invalid_request("malformed request target");
  request_target out;
  out.path = std::move(*path);
  if (question != std::string_view::npos)
    out.query = parse_query(target.substr(question + 1));
  return out;
}

std::string request_id_for(const request& req) {
  auto given = sv(req["X-Request-Id"]);
  if (!given.empty() && given.size() <= 64) {
    bool plain = true;
    for (char c : given)
      plain = plain && (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.');
    if (plain)
      return std::string{given};
  }
  return encoding::to_hex(storage::random_bytes(8));
}

std::optional<std::string> bearer_token(const request& req) {
  auto header = sv(req[bhttp::field::authorization]);
  constexpr std::string_view scheme = "Bearer ";
  if (header.size() <= scheme.size())
    return std::nullopt;
  for (std::size_t i = 0; i < scheme.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(header[i])) != std::tolower(scheme[i]))
      return std::nullopt;
  auto token = header.substr(scheme.size());
  if (token.size() > 256)
    return std::nullopt;
  return std::string{token};
}

} // namespace upsync::http
