// A connection's rotated OAuth tokens on their way to PostgreSQL: the token provider's
// persist step hands each rotated set to the STORE actor (its one connection, no new one
// per rotation) and waits for the answer, so that the new access token is used only once
// the new refresh token is stored.
#pragma once

#include "actors/actor_interfaces.hpp"
#include "protocol/upwork/token_provider.hpp"
#include "storage/records.hpp"

#include <caf/actor_system.hpp>
#include <chrono>

namespace upsync::sync {

/// How long a rotation waits for the STORE (behind at most one refresh's transaction).
constexpr auto rotated_tokens_timeout = std::chrono::seconds(60);

/// The persist step for a connection's oauth_token_provider: a blocking request to
/// `store` from the thread that refreshes (a fetcher or the connection actor, never the
/// store's own). Fails (retryable) when the store could not save the set: the provider
/// then keeps the tokens it had and does not use the new access token.
upwork::oauth_token_provider::persist_fn persist_through_store(caf::actor_system& sys, store_actor store,
                                                               storage::db_id workspace_id,
                                                               storage::db_id connection_id);

} // namespace upsync::sync
