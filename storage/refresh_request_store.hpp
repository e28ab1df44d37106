// domain::refresh_request_storage in PostgreSQL: one workspace, inside the request's
// transaction.
#pragma once

#include "domain/use_cases/refresh_request.hpp"
#include "storage/records.hpp"

#include <pqxx/types.hxx>

namespace upsync::storage {

class refresh_request_store final : public domain::refresh_request_storage {
public:
  refresh_request_store(pqxx::transaction_base& tx, db_id workspace_id) : tx_(tx), workspace_id_(workspace_id) {}

  std::optional<std::string> connection_status(std::int64_t connection_id) override;
  void mark_refresh_running(const std::string& organization_id) override;

private:
  pqxx::transaction_base& tx_;
  db_id workspace_id_;
};

} // namespace upsync::storage
