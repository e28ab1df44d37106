#include "domain/use_cases/connect.hpp"

#include <exception>

namespace upsync::domain {

namespace {

// The same answer for an unknown, used or expired state: never say which.
refusal bad_state() { return {refusal::kind::invalid, "the authorization state is unknown, used or expired", "state"}; }

refusal exchange_refusal(connect_upwork::exchange::failure failed) {
  if (failed == connect_upwork::exchange::failure::refused)
    return {refusal::kind::invalid, "Upwork refused the authorization code", "code"};
  return {refusal::kind::unavailable, "Upwork could not be reached (token exchange); try again", std::nullopt};
}

/// Undoes the claim while the code is not spent, so that the user can try again.
void release_quietly(connect_storage& storage, const std::string& state) {
  try {
    storage.release_state(state);
  } catch (const std::exception&) {
    // The first failure is the one to report; the state then simply expires.
  }
}

/// Discovery and its outcome: never fails the connect (the code is spent, the tokens are
/// saved); what is not done is retried in the background.
void discover(connect_storage& storage, connect_upwork& upwork, const token_set& tokens, connected& c) {
  try {
    auto found = upwork.discover(tokens);
    if (found.found) {
      storage.save_discovery(c.workspace_id, c.connection_id, *found.found);
      c.discovery = discovery_state::done;
    } else {
      storage.save_discovery_failure(c.workspace_id, c.connection_id, found.error);
      c.discovery = discovery_state::failed;
    }
  } catch (const std::exception& e) {
    // The connection stays with discovery pending; the engine picks pending ones up too.
    c.discovery = discovery_state::pending;
    c.pending_because = e.what();
  }
}

} // namespace

const char* to_string(discovery_state state) {
  switch (state) {
  case discovery_state::done: return "done";
  case discovery_state::failed: return "failed";
  case discovery_state::pending: break;
  }
  return "pending";
}

std::variant<connected, refusal> connect(connect_storage& storage, connect_upwork& upwork, const std::string& state,
                                         const std::string& code) {
  // Claimed and committed before Upwork is asked: a concurrent replay finds it in use.
  auto binding = storage.claim_state(state);
  if (!binding)
    return bad_state();
  if (binding->connection_id && !storage.connection_exists(binding->workspace_id, *binding->connection_id)) {
    release_quietly(storage, state);
    return bad_state();
  }
  connect_upwork::exchange exchanged;
  try {
    exchanged = upwork.exchange_code(code);
  } catch (...) {
    release_quietly(storage, state);
    throw;
  }
  if (!exchanged.tokens) {
    release_quietly(storage, state);
    return exchange_refusal(exchanged.failed);
  }
  std::int64_t id = 0;
  try {
    id = storage.save_connection(*binding, *exchanged.tokens);
  } catch (...) {
    release_quietly(storage, state);
    throw;
  }
  // From here on the answer is a success, whatever discovery meets.
  connected c{binding->workspace_id, id, binding->connection_id.has_value(), discovery_state::pending, {}};
  discover(storage, upwork, *exchanged.tokens, c);
  return c;
}

} // namespace upsync::domain
