// Time intervals: manual ones created through the API, synced ones written by the sync
// engine's writers (see the cell ledger), all listed and edited here.
#pragma once

#include "storage/records.hpp"

#include <optional>
#include <vector>

#include <pqxx/types.hxx>

namespace upsync::storage::interval_store {

struct interval_filter {
  std::optional<std::int64_t> from; ///< started_at >= from (Unix seconds)
  std::optional<std::int64_t> to;   ///< started_at < to
  std::optional<db_id> member_id;
  std::optional<db_id> project_id;
  std::optional<std::string> source;
};

/// Position in the (started_at, id) order; a page starts strictly after it.
struct page_key {
  std::int64_t started_at;
  db_id id;
};

struct new_interval {
  db_id member_id;
  std::optional<db_id> project_id;
  std::int64_t started_at;
  std::int64_t ended_at;
  std::optional<std::string> pay_rate;
  std::optional<std::string> bill_rate;
  std::optional<std::string> currency;
};

/// What a person may change. A field left empty stays as it is; `project_id` holding an
/// empty optional clears the project.
struct interval_patch {
  std::optional<std::int64_t> started_at;
  std::optional<std::int64_t> ended_at;
  std::optional<std::optional<db_id>> project_id;
};

interval_record create_manual(pqxx::transaction_base& tx, db_id workspace_id, const new_interval& v);
std::optional<interval_record> find(pqxx::transaction_base& tx, db_id workspace_id, db_id id);

/// Up to `limit` intervals ordered by (started_at, id), after `after` when given.
std::vector<interval_record> list(pqxx::transaction_base& tx, db_id workspace_id, const interval_filter& filter,
                                  std::optional<page_key> after, int limit);

/// A page of list_for_token, with the member it was read for.
struct caller_page {
  member_record caller;
  std::vector<interval_record> rows;
};

/// list() for the member whose API token hashes to `token_hash_hex`
/// (workspace_store::token_hash_hex), in one prepared statement that authenticates and
/// reads — the API's interval list in one round trip; nullopt when the token is unknown
/// or revoked.
std::optional<caller_page> list_for_token(pqxx::transaction_base& tx, const std::string& token_hash_hex,
                                          const interval_filter& filter, std::optional<page_key> after, int limit);

/// Applies the patch and marks the interval as edited by a person; nullopt if not found.
std::optional<interval_record> update(pqxx::transaction_base& tx, db_id workspace_id, db_id id,
                                      const interval_patch& patch);

/// False when there was no such interval. The Upwork cell ledger keeps its rows, so sync
/// never re-creates a deleted interval.
bool remove(pqxx::transaction_base& tx, db_id workspace_id, db_id id);

} // namespace upsync::storage::interval_store
