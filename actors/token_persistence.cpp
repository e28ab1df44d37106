// Persisting rotated tokens through the STORE (see token_persistence.hpp).
#include "actors/token_persistence.hpp"

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

namespace upsync::sync {

upwork::oauth_token_provider::persist_fn persist_through_store(caf::actor_system& sys, store_actor store,
                                                               storage::db_id workspace_id,
                                                               storage::db_id connection_id) {
  // A rotated refresh token that is not stored is a lost grant: the request waits for the
  // store's COMMIT before the provider hands out the new access token, and a failure
  // keeps the provider on the tokens it had (oauth_token_provider::refresh_locked).
  return [&sys, store = std::move(store), workspace_id,
          connection_id](const upwork::token_set& rotated) -> std::optional<upwork::error> {
    std::optional<upwork::error> failed;
    caf::scoped_actor waiting{sys};
    waiting->request(store, rotated_tokens_timeout, rotated_tokens{workspace_id, connection_id, rotated})
      .receive(
        [&](bool saved) {
          if (saved)
            spdlog::info("connection_tokens_rotated connection={}", connection_id);
          else // disconnected meanwhile: its tokens stay forgotten
            spdlog::info("connection_tokens_not_saved_disconnected connection={}", connection_id);
        },
        [&](const caf::error& e) {
          failed = upwork::make_error(upwork::error_kind::retryable, "cannot store rotated tokens: " + sys.render(e));
        });
    return failed;
  };
}

} // namespace upsync::sync
