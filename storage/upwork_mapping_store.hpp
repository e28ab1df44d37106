// Upwork users and contracts of an organization with how each maps to the workspace
// (member, project, whether it syncs): what discovery says is kept apart from what a
// manager chose, so a refresh never overwrites a mapping.
#pragma once

#include "domain/use_cases/contract_mapping_edit.hpp"
#include "domain/use_cases/user_mapping_edit.hpp"
#include "storage/records.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/types.hxx>

namespace upsync::storage::upwork_store {

// Times are Unix seconds; dates are day numbers (days since 1970-01-01, UTC); money is
// decimal text ("25.00"). Status-like fields are the schema's words, validated here:
// an unknown word throws std::invalid_argument before anything is sent.

// ---- Upwork users ---------------------------------------------------------------------

struct upwork_user_discovery {
  std::string organization_id;
  std::string upwork_user_id;
  std::string name;
  std::optional<std::string> email;
};

/// How an Upwork user maps to a workspace member (the use case's own type).
using user_mapping = domain::user_mapping;

struct upwork_user_record {
  db_id workspace_id;
  std::string organization_id;
  std::string upwork_user_id;
  std::string name;
  std::optional<std::string> email;
  user_mapping mapping;
};

/// Inserts or updates name and email; the mapping stays as it is.
void upsert_user(pqxx::transaction_base& tx, db_id workspace_id, const upwork_user_discovery& user);
std::vector<upwork_user_record> list_users(pqxx::transaction_base& tx, db_id workspace_id,
                                           const std::string& organization_id);
bool update_user_mapping(pqxx::transaction_base& tx, db_id workspace_id, const std::string& organization_id,
                         const std::string& upwork_user_id, const user_mapping& mapping);

// ---- contracts ------------------------------------------------------------------------

struct contract_discovery {
  std::string id; ///< Upwork's contract id
  std::string organization_id;
  std::string upwork_user_id;
  std::string title;
  std::optional<std::string> client_name;
  std::string status; ///< active | paused | closed
  std::string kind;   ///< hourly | fixed
  std::optional<std::string> upwork_rate;
  std::string currency = "USD";
};

/// How a contract maps to the workspace; written whole.
using contract_mapping = domain::contract_mapping;

struct contract_record {
  db_id workspace_id;
  std::string id;
  std::string organization_id;
  std::string upwork_user_id;
  std::string title;
  std::optional<std::string> client_name;
  std::string status;
  std::string kind;
  std::optional<std::string> upwork_rate;
  std::string currency;
  contract_mapping mapping;
  std::optional<std::string> create_project; ///< JSON text of an inline project choice
  std::int64_t first_seen_at;
  /// When wizard step 3 confirmed it (F6); a contract syncs only once confirmed.
  std::optional<std::int64_t> confirmed_at;
};

/// Inserts or updates what Upwork says; mapping and create_project stay as they are. When
/// the status is new or differs from the stored one, status_changed_at becomes `now`
/// (Unix seconds; empty: the database's clock).
void upsert_contract(pqxx::transaction_base& tx, db_id workspace_id, const contract_discovery& contract,
                     std::optional<std::int64_t> now = std::nullopt);
std::optional<contract_record> find_contract(pqxx::transaction_base& tx, db_id workspace_id, const std::string& id);
std::vector<contract_record> list_contracts(pqxx::transaction_base& tx, db_id workspace_id);
std::vector<contract_record> list_contracts_of_organization(pqxx::transaction_base& tx, db_id workspace_id,
                                                            const std::string& organization_id);
bool update_contract_mapping(pqxx::transaction_base& tx, db_id workspace_id, const std::string& id,
                             const contract_mapping& mapping);

} // namespace upsync::storage::upwork_store
