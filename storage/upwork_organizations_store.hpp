// Upwork organizations of a workspace as discovery found them, whether the workspace
// syncs them (selected), and when they were last refreshed and synced.
#pragma once

#include "storage/records.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/types.hxx>

namespace upsync::storage::upwork_store {

// Times are Unix seconds; dates are day numbers (days since 1970-01-01, UTC); money is
// decimal text ("25.00"). Status-like fields are the schema's words, validated here:
// an unknown word throws std::invalid_argument before anything is sent.

/// An organization as discovery found it.
struct organization_discovery {
  std::string id; ///< Upwork's organization id
  db_id connection_id;
  std::optional<std::string> rid;
  std::string name;
  std::string type; ///< agency | client | freelancer
  std::optional<std::string> avatar_url;
  std::int32_t users_count = 0;
  std::int32_t contracts_count = 0;
  /// Whether `avatar_url` comes from Upwork (companySelector's photo, none meaning none);
  /// a refresh reads no photo and keeps the stored one.
  bool avatar_known = true;
};

struct organization_record {
  db_id workspace_id;
  std::string id;
  db_id connection_id;
  std::optional<std::string> rid;
  std::string name;
  std::string type;
  std::optional<std::string> avatar_url;
  bool selected;
  std::int32_t users_count;
  std::int32_t contracts_count;
  std::string refresh_status; ///< idle | running | failed
  std::optional<std::int64_t> last_refreshed_at;
  std::optional<std::int64_t> last_synced_at;
};

/// Inserts or updates what Upwork says; `selected` and the refresh fields stay as they are.
void upsert_organization(pqxx::transaction_base& tx, db_id workspace_id, const organization_discovery& org);
std::optional<organization_record> find_organization(pqxx::transaction_base& tx, db_id workspace_id,
                                                     const std::string& id);
std::vector<organization_record> list_organizations(pqxx::transaction_base& tx, db_id workspace_id);
/// The organizations the sync engine keeps an actor for: selected, of an active
/// connection, in every workspace (or the one named).
std::vector<organization_record> list_engine_organizations(pqxx::transaction_base& tx,
                                                           std::optional<db_id> workspace_id = std::nullopt,
                                                           const std::optional<std::string>& id = std::nullopt);
/// Sets `selected` on the listed organizations of the workspace; returns how many exist.
std::size_t set_organizations_selected(pqxx::transaction_base& tx, db_id workspace_id,
                                       const std::vector<std::string>& ids, bool selected);
/// `status`: idle | running | failed; `refreshed_at` given also stores the refresh time.
bool set_refresh_status(pqxx::transaction_base& tx, db_id workspace_id, const std::string& id,
                        const std::string& status, std::optional<std::int64_t> refreshed_at);
/// An organization, by workspace and Upwork id.
struct organization_key {
  db_id workspace_id;
  std::string organization_id;
};

/// last_synced_at = now() for every listed organization, in one statement; returns how
/// many exist.
std::size_t mark_organizations_synced(pqxx::transaction_base& tx, const std::vector<organization_key>& organizations);
/// last_synced_at = now() for one organization; false when it does not exist.
bool mark_organization_synced(pqxx::transaction_base& tx, db_id workspace_id, const std::string& id);

} // namespace upsync::storage::upwork_store
