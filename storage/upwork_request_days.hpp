// The Upwork requests of each UTC day (migration 0014): reserved in blocks against the
// daily budget, atomically, so that nodes and restarts together never exceed it.
#pragma once

#include "domain/request_ledger.hpp"

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include <pqxx/types.hxx>

namespace upsync::storage::upwork_request_days {

/// What a reservation got: `granted` of the asked requests (0 when the day is spent) and
/// the day's total reserved after it, by every node.
struct grant {
  std::int64_t granted = 0;
  std::int64_t reserved = 0;
};

/// Reserves up to `wanted` requests of `day` (days since 1970-01-01, UTC), never letting
/// the day's total pass `limit`. One statement: concurrent reservations serialize on the
/// day's row.
grant reserve(pqxx::transaction_base& tx, std::int64_t day, std::int64_t wanted, std::int64_t limit);

/// The requests reserved for `day` so far (0 for a day not seen yet).
std::int64_t reserved(pqxx::transaction_base& tx, std::int64_t day);

/// The daily budget's ledger over a PostgreSQL connection of its own, opened when first
/// needed and again after it broke (a restart of PostgreSQL costs one refused block).
class pg_request_ledger : public domain::request_ledger {
public:
  explicit pg_request_ledger(std::string database_url);
  ~pg_request_ledger() override;
  grant reserve(std::int64_t day, std::int64_t wanted, std::int64_t limit) override;

private:
  std::string url_;
  std::mutex mutex_;
  struct connection; ///< the pqxx::connection, opened lazily
  std::unique_ptr<connection> db_;
};

} // namespace upsync::storage::upwork_request_days
