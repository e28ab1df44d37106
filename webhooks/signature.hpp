// How a webhook delivery is signed (issue 20), and the check a receiver makes:
//
//   X-Upsync-Signature: t=<Unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>." + body)>
//
// The timestamp is inside what is signed, so a replayed delivery is recognized by its age
// (and by the event id in its body, which stays the same across retries).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace upsync::webhooks {

/// The header's value for `body` sent at `unix_now`.
std::string sign(std::string_view secret, std::int64_t unix_now, std::string_view body);

/// A receiver's check: a well-formed header whose v1 matches `body` under `secret`
/// (compared in constant time) and whose t is within `tolerance_seconds` of `unix_now`.
bool verify(std::string_view secret, std::string_view header, std::string_view body, std::int64_t unix_now,
            std::int64_t tolerance_seconds = 300);

/// A new signing secret: "whsec_" and 256 random bits in hex.
std::string new_secret();

} // namespace upsync::webhooks
