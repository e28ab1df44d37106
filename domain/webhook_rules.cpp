#include "domain/webhook_rules.hpp"

#include <algorithm>
#include <cctype>

namespace upsync::domain {

const std::vector<std::string>& webhook_event_names() {
  static const std::vector<std::string> names = {
    "connection.needs_reauth", "connection.recovered",    "connection.disconnected", "import.completed", "sync.failing",
    "sync.recovered",          "reconciliation.mismatch",
  };
  return names;
}

bool is_webhook_event(std::string_view name) {
  const auto& names = webhook_event_names();
  return std::find(names.begin(), names.end(), name) != names.end();
}

namespace {

bool public_v4(const std::uint8_t* b) {
  const auto a = b[0], c = b[1];
  if (a == 0 || a == 10 || a == 127 || a >= 224) // this network, private, loopback, multicast and reserved
    return false;
  if (a == 100 && (c & 0xc0) == 64) // carrier-grade NAT 100.64.0.0/10
    return false;
  if (a == 169 && c == 254) // link-local (cloud metadata lives here)
    return false;
  if (a == 172 && (c & 0xf0) == 16) // 172.16.0.0/12
    return false;
  if (a == 192 && c == 168)
    return false;
  if (a == 192 && c == 0 && (b[2] == 0 || b[2] == 2)) // IETF protocol assignments, TEST-NET-1
    return false;
  if (a == 198 && (c == 18 || c == 19)) // benchmarking
    return false;
  if ((a == 198 && c == 51 && b[2] == 100) || (a == 203 && c == 0 && b[2] == 113)) // TEST-NET-2, -3
    return false;
  return true;
}

} // namespace

bool is_public_address(const ip_address& a) {
  const auto& b = a.bytes;
  if (!a.v6)
    return public_v4(b.data());
  const bool zero_prefix = std::all_of(b.begin(), b.begin() + 10, [](std::uint8_t x) { return x == 0; });
  if (zero_prefix && b[10] == 0xff && b[11] == 0xff) // ::ffff:a.b.c.d
    return public_v4(b.data() + 12);
  if (zero_prefix && b[10] == 0 && b[11] == 0) // ::, ::1 and the deprecated IPv4-compatible forms
    return false;
  if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b) // NAT64 64:ff9b::/96
    return public_v4(b.data() + 12);
  if ((b[0] & 0xfe) == 0xfc) // unique local fc00::/7
    return false;
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) // link-local fe80::/10
    return false;
  if (b[0] == 0xff) // multicast
    return false;
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) // documentation 2001:db8::/32
    return false;
  return true;
}

std::optional<webhook_url> parse_webhook_url(std::string_view text) {
  if (text.empty() || text.size() > 2000)
    return std::nullopt;
  for (unsigned char ch : text)
    if (ch <= 0x20 || ch >= 0x7f) // no spaces or controls; IDNs come punycoded
      return std::nullopt;
  webhook_url u;
  auto colon = text.find("://");
  if (colon == std::string_view::npos)
    return std::nullopt;
  u.scheme = std::string{text.substr(0, colon)};
  std::transform(u.scheme.begin(), u.scheme.end(), u.scheme.begin(), [](unsigned char c) { return std::tolower(c); });
  if (u.scheme != "http" && u.scheme != "https")
    return std::nullopt;
  auto rest = text.substr(colon + 3);
  if (rest.find('#') != std::string_view::npos)
    return std::nullopt;
  auto slash = rest.find_first_of("/?");
  auto authority = rest.substr(0, slash);
  u.target = slash == std::string_view::npos ? "/" : std::string{rest.substr(slash)};
  if (u.target.front() == '?')
    u.target.insert(u.target.begin(), '/');
  if (authority.empty() || authority.find('@') != std::string_view::npos)
    return std::nullopt; // no user info: credentials do not belong in a stored URL
  std::string_view host = authority, port;
  if (authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string_view::npos)
      return std::nullopt;
    host = authority.substr(1, close - 1);
    auto after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':')
        return std::nullopt;
      port = after.substr(1);
    }
  } else if (auto c = authority.rfind(':'); c != std::string_view::npos) {
    host = authority.substr(0, c);
    port = authority.substr(c + 1);
  }
  if (host.empty() || host.size() > 253)
    return std::nullopt;
  u.host = std::string{host};
  std::transform(u.host.begin(), u.host.end(), u.host.begin(), [](unsigned char c) { return std::tolower(c); });
  if (port.empty()) {
    u.port = u.scheme == "https" ? 443 : 80;
  } else {
    if (port.size() > 5 || !std::all_of(port.begin(), port.end(), [](unsigned char c) { return std::isdigit(c); }))
      return std::nullopt;
    auto n = std::stoi(std::string{port});
    if (n < 1 || n > 65535)
      return std::nullopt;
    u.port = static_cast<std::uint16_t>(n);
  }
  return u;
}

bool may_deliver_to(const std::string& host, const std::vector<ip_address>& addresses,
                    const webhook_destinations& allowed) {
  if (addresses.empty())
    return false;
  if (allowed.allow_private || allowed.allowed_hosts.count(host))
    return true;
  return std::all_of(addresses.begin(), addresses.end(), is_public_address);
}

std::optional<std::chrono::seconds> webhook_retry_delay(int attempts, std::chrono::seconds first_attempt_age,
                                                        std::chrono::seconds base) {
  if (first_attempt_age >= std::chrono::hours(24))
    return std::nullopt;
  const int doublings = std::clamp(attempts - 1, 0, 12);
  return std::min<std::chrono::seconds>(std::max(base, std::chrono::seconds(1)) * (1 << doublings),
                                        std::chrono::hours(1));
}

} // namespace upsync::domain
