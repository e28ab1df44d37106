// domain::connect_storage in PostgreSQL. A connect runs in steps, each its own committed
// transaction on the request's connection (http's api_request::commit_step/begin_step),
// so that no transaction is open while Upwork answers.
#pragma once

#include "domain/use_cases/connect.hpp"
#include "storage/connection_request_days.hpp"
#include "storage/records.hpp"
#include "storage/secrets.hpp"
#include "storage/upwork_discovery_writer.hpp"

#include <functional>
#include <optional>
#include <vector>

#include <pqxx/types.hxx>

namespace upsync::storage {

/// The transactions of a request, one after another: `current` the open one (null when
/// none), `commit` ends it, `begin` rolls back whatever is open and opens the next.
struct transaction_steps {
  std::function<pqxx::transaction_base*()> current;
  std::function<void()> commit;
  std::function<void()> begin;
};

class connect_store final : public domain::connect_storage {
public:
  /// `key` seals the tokens; `now` (Unix seconds) dates them and the discovery.
  connect_store(transaction_steps steps, const secret_key& key, std::int64_t now)
      : steps_(std::move(steps)), key_(key), now_(now) {}

  std::optional<domain::connect_binding> claim_state(const std::string& state) override;
  void release_state(const std::string& state) override;
  bool connection_exists(std::int64_t workspace_id, std::int64_t connection_id) override;
  std::int64_t save_connection(const domain::connect_binding& binding, const domain::token_set& tokens) override;
  void save_discovery(std::int64_t workspace_id, std::int64_t connection_id,
                      const std::vector<domain::organization_snapshot>& found) override;
  void save_discovery_failure(std::int64_t workspace_id, std::int64_t connection_id, const std::string& error) override;

  /// Adds what the connect sent to Upwork to the connection's requests of their days, in a
  /// step of its own (throws when it fails; the next step starts clean).
  void add_requests(const std::vector<connection_request_days::count>& counts);

  /// What save_discovery wrote (for the log); none when the connection was no longer
  /// active, or discovery was not saved.
  const std::optional<discovery_counts>& saved() const { return saved_; }

private:
  /// Runs `work` in a transaction of its own: the open one, else a new one; committed
  /// when it returns, rolled back when it throws.
  template <class Work>
  auto step(Work&& work);

  transaction_steps steps_;
  const secret_key& key_;
  std::int64_t now_;
  std::optional<discovery_counts> saved_;
};

} // namespace upsync::storage
