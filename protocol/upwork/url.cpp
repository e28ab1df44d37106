// URL parsing and form escaping.
#include "protocol/upwork/url.hpp"

#include <cctype>

namespace upsync::upwork {

std::string url::host_header() const {
  const bool v6 = host.find(':') != std::string::npos;
  std::string h = v6 ? "[" + host + "]" : host;
  if ((https && port != "443") || (!https && port != "80"))
    h += ":" + port;
  return h;
}

bool url::is_loopback() const {
  if (host == "localhost" || host == "::1")
    return true;
  return host.rfind("127.", 0) == 0 && host.find_first_not_of("0123456789.") == std::string::npos;
}

std::optional<url> parse_url(std::string_view text) {
  url u;
  if (text.rfind("https://", 0) == 0) {
    u.https = true;
    text.remove_prefix(8);
  } else if (text.rfind("http://", 0) == 0) {
    text.remove_prefix(7);
  } else {
    return std::nullopt;
  }
  const auto path_at = text.find_first_of("/?#");
  std::string_view authority = text.substr(0, path_at);
  std::string_view rest = path_at == std::string_view::npos ? std::string_view{} : text.substr(path_at);
  if (authority.empty() || authority.find('@') != std::string_view::npos)
    return std::nullopt;
  if (authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos)
      return std::nullopt;
    u.host = std::string{authority.substr(1, close - 1)};
    authority.remove_prefix(close + 1);
    if (!authority.empty()) {
      if (authority.front() != ':')
        return std::nullopt;
      u.port = std::string{authority.substr(1)};
    }
  } else {
    const auto colon = authority.find(':');
    u.host = std::string{authority.substr(0, colon)};
    if (colon != std::string_view::npos)
      u.port = std::string{authority.substr(colon + 1)};
  }
  if (u.host.empty())
    return std::nullopt;
  for (char c : u.host)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' || c == '_'))
      return std::nullopt;
  if (u.port.empty()) {
    u.port = u.https ? "443" : "80";
  } else {
    if (u.port.size() > 5 || u.port.find_first_not_of("0123456789") != std::string::npos)
      return std::nullopt;
    const int p = std::stoi(u.port);
    if (p < 1 || p > 65535)
      return std::nullopt;
  }
  const auto hash = rest.find('#');
  rest = rest.substr(0, hash);
  u.target = rest.empty() ? "/" : std::string{rest};
  if (u.target.front() == '?')
    u.target.insert(0, "/");
  for (char c : u.target)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f)
      return std::nullopt;
  return u;
}

std::string form_escape(std::string_view text) {
  static const char* const hex = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

} // namespace upsync::upwork
