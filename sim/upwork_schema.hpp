// The simulated Upwork GraphQL schema: builds the Query root for one request.
#pragma once

#include "sim/connect_quirks.hpp"
#include "sim/contract_failures.hpp"
#include "sim/graphql_result.hpp"
#include "sim/oauth_store.hpp"
#include "sim/world.hpp"

#include <cstdint>
#include <memory>
#include <optional>

namespace upsync::sim {

/// Everything a request's resolvers may see: the world, the grant's reach, the tenant.
struct query_scope {
  const world& w;
  std::shared_ptr<const grant_scope> grant;
  std::uint32_t tenant = 0; ///< X-Upwork-API-TenantId, or the grant's default org
  bool type_title_scope = false;
  bool iso_cell_times = false;
  const contract_failures* failing = nullptr; ///< contracts whose work diary fails
  const connect_quirks* quirks = nullptr;     ///< photos and pending offers
  /// Set by a resolver that met a contract failing with http_500: the whole answer is a 500.
  mutable bool answer_http_500 = false;

  bool reaches(std::uint32_t org) const;
  /// A contract is visible when the grant reaches its client or its vendor.
  bool sees(const contract_record& c) const { return reaches(c.client_org) || reaches(c.vendor_org); }
  /// Reachable organizations in index order.
  std::vector<std::uint32_t> reachable() const;
};

/// The organization answering without a tenant header: the grant's first one.
std::optional<std::uint32_t> default_org(const world& w, const grant_scope& grant);

/// The Query root object. Its fields are lazy: only what the query selects is computed.
gql::result_value make_query_root(const query_scope& scope);

} // namespace upsync::sim
