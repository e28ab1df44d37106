#include "storage/connect_store.hpp"

#include "storage/connection_discovery.hpp"
#include "storage/connection_tokens.hpp"
#include "storage/upwork_connections_store.hpp"
#include "storage/upwork_oauth_states.hpp"
#include "storage/webhooks.hpp"

#include <pqxx/pqxx>

namespace upsync::storage {

namespace store = upwork_store;

template <class Work>
auto connect_store::step(Work&& work) {
  if (!steps_.current())
    steps_.begin();
  try {
    auto result = work(*steps_.current());
    steps_.commit();
    return result;
  } catch (...) {
    try {
      steps_.begin(); // the failed one is rolled back; the next step starts clean
    } catch (...) {
      // The connection is gone: the first failure is the one to report.
    }
    throw;
  }
}

std::optional<domain::connect_binding> connect_store::claim_state(const std::string& state) {
  return step([&](pqxx::transaction_base& tx) -> std::optional<domain::connect_binding> {
    auto found = store::consume_oauth_state(tx, state);
    if (!found)
      return std::nullopt;
    return domain::connect_binding{found->workspace_id, found->member_id, found->connection_id};
  });
}

void connect_store::release_state(const std::string& state) {
  step([&](pqxx::transaction_base& tx) {
    store::release_oauth_state(tx, state);
    return true;
  });
}

bool connect_store::connection_exists(std::int64_t workspace_id, std::int64_t connection_id) {
  return step(
    [&](pqxx::transaction_base& tx) { return store::find_connection(tx, workspace_id, connection_id).has_value(); });
}

std::int64_t connect_store::save_connection(const domain::connect_binding& binding, const domain::token_set& tokens) {
  return step([&](pqxx::transaction_base& tx) {
    auto ws = binding.workspace_id;
    auto id = binding.connection_id ? *binding.connection_id
                                    : store::create_connection(tx, ws, binding.member_id, std::nullopt);
    webhooks::set_connection_status(tx, ws, id, "active", now_); // a re-authorization: connection.recovered
    save_tokens(tx, ws, id, tokens, key_, now_);
    mark_discovery_pending(tx, ws, id);
    return id;
  });
}

void connect_store::save_discovery(std::int64_t workspace_id, std::int64_t connection_id,
                                   const std::vector<domain::organization_snapshot>& found) {
  saved_ = step([&](pqxx::transaction_base& tx) {
    return save_connection_discovery(tx, workspace_id, connection_id, found, now_);
  });
}

void connect_store::save_discovery_failure(std::int64_t workspace_id, std::int64_t connection_id,
                                           const std::string& error) {
  step([&](pqxx::transaction_base& tx) { return mark_discovery_failed(tx, workspace_id, connection_id, error); });
}

void connect_store::add_requests(const std::vector<connection_request_days::count>& counts) {
  step([&](pqxx::transaction_base& tx) {
    connection_request_days::add(tx, counts);
    return 0;
  });
}

} // namespace upsync::storage
