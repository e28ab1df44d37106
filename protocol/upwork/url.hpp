// Splitting http(s) URLs into what a connection and a request need.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace upsync::upwork {

/// An absolute http or https URL.
struct url {
  bool https = false;
  std::string host;   ///< without brackets for IPv6 literals
  std::string port;   ///< always set: "443"/"80" when the URL had none
  std::string target; ///< path and query, at least "/"

  /// "host:port" key for the connection pool.
  std::string origin() const { return (https ? "https://" : "http://") + host + ":" + port; }
  /// The Host header value.
  std::string host_header() const;
  /// True for 127.0.0.0/8, ::1 and "localhost": plain HTTP is allowed only there.
  bool is_loopback() const;
};

/// Parses "http[s]://host[:port][/path][?query]". No user info, no fragment; the host is
/// a DNS name, an IPv4 literal or a bracketed IPv6 literal.
std::optional<url> parse_url(std::string_view text);

/// application/x-www-form-urlencoded escaping of one key or value (RFC 3986 unreserved
/// characters stay, everything else becomes %XX, space included).
std::string form_escape(std::string_view text);

} // namespace upsync::upwork
