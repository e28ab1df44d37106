// domain::contract_mapping_storage in PostgreSQL: one workspace, inside the request's
// transaction.
#pragma once

#include "domain/use_cases/contract_mapping_edit.hpp"
#include "storage/records.hpp"

#include <string>

#include <pqxx/types.hxx>

namespace upsync::storage {

class contract_mapping_edit_store final : public domain::contract_mapping_storage {
public:
  /// `currency`: the contract's, for the rates it records.
  contract_mapping_edit_store(pqxx::transaction_base& tx, db_id workspace_id, domain::organization_kind kind,
                              std::string currency)
      : tx_(tx), workspace_id_(workspace_id), kind_(kind), currency_(std::move(currency)) {}

  std::optional<bool> project_billable(std::int64_t project_id) override;
  bool project_archived(std::int64_t project_id) override;
  std::vector<rate_step> override_steps(const std::string& contract_id) override;
  import_progress import_of(const std::string& contract_id) override;
  std::int64_t create_project(const domain::project_to_create& project) override;
  void save(const std::string& contract_id, const domain::contract_mapping& mapping) override;
  void set_rate_step(const std::string& contract_id, const std::string& side, domain::day_number day,
                     const std::optional<std::string>& rate) override;
  std::vector<std::int64_t> correct_rate_from(const std::string& contract_id, const std::string& side,
                                              domain::day_number day, const std::optional<std::string>& rate) override;

private:
  pqxx::transaction_base& tx_;
  db_id workspace_id_;
  domain::organization_kind kind_;
  std::string currency_;
};

} // namespace upsync::storage
