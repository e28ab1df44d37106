// Private helpers of the Upwork-side stores (upwork_connections_store, upwork_oauth_states,
// upwork_organizations_store, upwork_mapping_store, sync_targets).
// Included by their .cpp files only.
#pragma once

#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>

namespace upsync::storage::upwork_store::detail {

// Refusing an unknown word here keeps the transaction usable: a CHECK violation would
// abort it.
inline void require_one_of(const std::string& what, const std::string& value,
                           std::initializer_list<const char*> allowed) {
  for (const char* a : allowed)
    if (value == a)
      return;
  throw std::invalid_argument("upwork_store: unknown " + what + " '" + value + "'");
}

// Optional numbers travel as text so NULL and a value take the same path (and GCC sees
// no maybe-uninitialized optional in libpqxx's parameter packing).
template <class T>
std::optional<std::string> as_text(const std::optional<T>& v) {
  if (!v)
    return std::nullopt;
  return std::to_string(*v);
}

} // namespace upsync::storage::upwork_store::detail
