// domain::user_mapping_storage in PostgreSQL: one workspace and organization, inside the
// request's transaction.
#pragma once

#include "domain/use_cases/user_mapping_edit.hpp"
#include "storage/records.hpp"

#include <pqxx/types.hxx>

namespace upsync::storage {

class user_mapping_edit_store final : public domain::user_mapping_storage {
public:
  user_mapping_edit_store(pqxx::transaction_base& tx, db_id workspace_id, std::string organization_id)
      : tx_(tx), workspace_id_(workspace_id), organization_id_(std::move(organization_id)) {}

  std::vector<mapped_user> users() override;
  bool member_exists(std::int64_t member_id) override;
  bool member_active(std::int64_t member_id) override;
  std::vector<std::string> member_emails() override;
  void save(const std::string& upwork_user_id, const domain::user_mapping& mapping) override;
  void stop_contracts_of(const std::string& upwork_user_id) override;
  void unlock_contracts_of(const std::string& upwork_user_id) override;

private:
  pqxx::transaction_base& tx_;
  db_id workspace_id_;
  std::string organization_id_;
};

} // namespace upsync::storage
