// Where a webhook's host points, for the SSRF rule (domain::may_deliver_to): checked when an
// endpoint is registered and again before every delivery.
#pragma once

#include "domain/webhook_rules.hpp"

#include <functional>
#include <string>
#include <vector>

namespace upsync::webhooks {

/// The addresses `host` resolves to (a literal IP to itself); empty when it does not resolve.
using host_resolver = std::function<std::vector<domain::ip_address>(const std::string& host)>;

/// getaddrinfo, IPv4 and IPv6.
std::vector<domain::ip_address> resolve_host(const std::string& host);

} // namespace upsync::webhooks
