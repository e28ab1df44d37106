// Webhooks (issue 20): which events a workspace can subscribe to, which URLs upsync may
// deliver to (no server-side request forgery into the deployment's own network), and how
// long a delivery is retried. Plain rules; the outbox, the signature and the sending live in
// storage/ and app/.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace upsync::domain {

/// Every event a webhook endpoint may ask for, by its name on the wire.
const std::vector<std::string>& webhook_event_names();
bool is_webhook_event(std::string_view name);

/// An IP address as it is resolved: 4 bytes (IPv4) or 16 (IPv6).
struct ip_address {
  bool v6 = false;
  std::array<std::uint8_t, 16> bytes{};
};

/// Whether `a` lies in the public Internet: not loopback, private (RFC 1918, unique local
/// fc00::/7), link-local, carrier-grade NAT (100.64/10), unspecified, multicast, reserved or
/// documentation ranges, nor an IPv4-mapped or NAT64 form of one of those.
bool is_public_address(const ip_address& a);

/// Where webhook deliveries may go, as the operator configured it.
struct webhook_destinations {
  /// Hosts (lower case) that may be delivered to whatever they resolve to (an operator's
  /// own receiver on a private network); UPSYNC_WEBHOOK_ALLOW_HOSTS.
  std::set<std::string> allowed_hosts;
  /// Any private or loopback address is allowed (tests, single-machine setups);
  /// UPSYNC_WEBHOOK_ALLOW_PRIVATE.
  bool allow_private = false;
};

/// An endpoint's URL, split: scheme http or https, host (lower case, IPv6 without brackets),
/// port, and the path with its query.
struct webhook_url {
  std::string scheme;
  std::string host;
  std::uint16_t port = 0;
  std::string target;
};

/// Parses a URL a manager registers: http or https only, a host, no user info, no
/// fragment, at most 2,000 characters. None when it is not such a URL.
std::optional<webhook_url> parse_webhook_url(std::string_view text);

/// Whether a delivery may go to `host`, resolved to `addresses` (all of them must be
/// public, unless the host is allowed or private addresses are): the SSRF rule, applied
/// when an endpoint is registered and again before every delivery (DNS may change).
bool may_deliver_to(const std::string& host, const std::vector<ip_address>& addresses,
                    const webhook_destinations& allowed);

/// When a delivery that failed `attempts` times (1 or more) is tried again: `base` (30 s),
/// doubling up to an hour between attempts; none once `first_attempt_age` passed a day (the
/// delivery has failed for good).
std::optional<std::chrono::seconds> webhook_retry_delay(int attempts, std::chrono::seconds first_attempt_age,
                                                        std::chrono::seconds base = std::chrono::seconds(30));

} // namespace upsync::domain
