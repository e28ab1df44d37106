// Persistent failures injected for single contracts (POST /__control/contracts/{id}/failure):
// until cleared, every workDiaryContract for such a contract fails the same way, while the
// other contracts (and the time report) answer normally — the case of one contract whose
// sync keeps failing. Thread-safe: GraphQL requests read while the control API writes.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace upsync::sim {

enum class contract_failure_mode {
  none,          ///< answers normally
  graphql_error, ///< HTTP 200 with a GraphQL error (ExecutionAborted) and the field null
  http_500,      ///< the whole answer is an HTTP 500
};

/// "none", "graphql_error", "http_500"; nullopt for anything else.
std::optional<contract_failure_mode> contract_failure_mode_of(std::string_view name);
const char* to_string(contract_failure_mode mode);

class contract_failures {
public:
  /// Sets (or, with `none`, clears) the failure of a contract.
  void set(const std::string& contract_id, contract_failure_mode mode);
  contract_failure_mode mode_of(const std::string& contract_id) const;
  /// The contracts failing now, by id.
  std::map<std::string, contract_failure_mode> all() const;

private:
  mutable std::mutex mutex_;
  std::map<std::string, contract_failure_mode> failing_;
};

} // namespace upsync::sim
