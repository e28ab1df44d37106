// Persistent per-contract failures (see contract_failures.hpp).
#include "sim/contract_failures.hpp"

namespace upsync::sim {

std::optional<contract_failure_mode> contract_failure_mode_of(std::string_view name) {
  if (name == "none")
    return contract_failure_mode::none;
  if (name == "graphql_error")
    return contract_failure_mode::graphql_error;
  if (name == "http_500")
    return contract_failure_mode::http_500;
  return std::nullopt;
}

const char* to_string(contract_failure_mode mode) {
  switch (mode) {
  case contract_failure_mode::graphql_error: return "graphql_error";
  case contract_failure_mode::http_500: return "http_500";
  default: return "none";
  }
}

void contract_failures::set(const std::string& contract_id, contract_failure_mode mode) {
  std::lock_guard lock{mutex_};
  if (mode == contract_failure_mode::none)
    failing_.erase(contract_id);
  else
    failing_[contract_id] = mode;
}

contract_failure_mode contract_failures::mode_of(const std::string& contract_id) const {
  std::lock_guard lock{mutex_};
  auto it = failing_.find(contract_id);
  return it == failing_.end() ? contract_failure_mode::none : it->second;
}

std::map<std::string, contract_failure_mode> contract_failures::all() const {
  std::lock_guard lock{mutex_};
  return failing_;
}

} // namespace upsync::sim
