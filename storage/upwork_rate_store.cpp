// Rate corrections in PostgreSQL (see upwork_rate_store.hpp).
#include "storage/upwork_rate_store.hpp"

#include "domain/organization_kind.hpp"
#include "storage/rate_in_force_sql.hpp"

#include <algorithm>
#include <stdexcept>

#include <pqxx/pqxx>

namespace upsync::storage::upwork_rate_store {

namespace {

void require_side(const std::string& side) {
  if (side != "pay" && side != "bill" && side != "upwork_override")
    throw std::invalid_argument("upwork_rate_store: unknown rate side '" + side + "'");
}

// An interval's (i) UTC start day.
constexpr const char* interval_day = "(i.started_at AT TIME ZONE 'UTC')::date";

// A change of the contract's rates waits for the writers committing its intervals (they
// hold its row FOR KEY SHARE, which only FOR UPDATE conflicts with), so that what they
// wrote is visible to a correction; and it moves rates_version on, so that a writer that
// waited for it prices its batch again (sync_writer).
void lock_and_version_rates(pqxx::transaction_base& tx, db_id workspace_id, const std::string& contract_id) {
  tx.exec_params("SELECT 1 FROM upwork_contracts WHERE workspace_id = $1 AND id = $2 FOR UPDATE", workspace_id,
                 contract_id);
  tx.exec_params0("UPDATE upwork_contracts SET rates_version = rates_version + 1"
                  " WHERE workspace_id = $1 AND id = $2",
                  workspace_id, contract_id);
}

} // namespace

void set_step(pqxx::transaction_base& tx, db_id workspace_id, const std::string& contract_id, const std::string& side,
              std::int64_t day, const std::optional<std::string>& rate, const std::string& currency) {
  require_side(side);
  lock_and_version_rates(tx, workspace_id, contract_id);
  tx.exec_params0("INSERT INTO upwork_contract_rates (workspace_id, contract_id, side,"
                  " effective_from, rate, currency)"
                  " VALUES ($1, $2, $3, date '1970-01-01' + $4::integer, $5::numeric, $6)"
                  " ON CONFLICT (workspace_id, contract_id, side, effective_from)"
                  " DO UPDATE SET rate = EXCLUDED.rate, currency = EXCLUDED.currency",
                  workspace_id, contract_id, side, static_cast<std::int32_t>(day), rate, currency);
}

correction_result correct_from(pqxx::transaction_base& tx, db_id workspace_id, const std::string& contract_id,
                               const std::string& organization_type, const std::string& side, std::int64_t day,
                               const std::optional<std::string>& rate, const std::string& currency) {
  set_step(tx, workspace_id, contract_id, side, day, rate, currency);
  tx.exec_params0("DELETE FROM upwork_contract_rates WHERE workspace_id = $1 AND contract_id = $2"
                  " AND side = $3 AND effective_from > date '1970-01-01' + $4::integer",
                  workspace_id, contract_id, side, static_cast<std::int32_t>(day));

  // The column comes from a fixed pair of names, never from input.
  bool upwork = side == "upwork_override";
  std::string column =
    (upwork ? domain::upwork_side_name(organization_type) : side) == "pay" ? "pay_rate" : "bill_rate";
  // Only intervals whose rate actually changes are written (and counted): the rest keep
  // their row untouched.
  auto rows =
    tx.exec_params("UPDATE time_intervals t SET " + column
                     + " = n.rate"
                       " FROM (SELECT i.id, "
                     + (upwork ? rate_in_force_sql::upwork_side_on_day("$1", "$2", interval_day, "$4")
                               : rate_in_force_sql::side_on_day("$1", "$2", "$4", interval_day))
                     + " AS rate"
                       "       FROM time_intervals i"
                       "       WHERE i.workspace_id = $1 AND i.upwork_contract_id = $2 AND i.source = 'upwork'"
                       "         AND i.edited_at IS NULL AND i.started_at >= to_timestamp($3::bigint * 86400)) n"
                       " WHERE t.id = n.id AND t."
                     + column
                     + " IS DISTINCT FROM n.rate"
                       " RETURNING t.id",
                   workspace_id, contract_id, day, side);
  correction_result out;
  out.intervals_updated.reserve(rows.size());
  for (const auto& r : rows)
    out.intervals_updated.push_back(r[0].as<db_id>());
  std::sort(out.intervals_updated.begin(), out.intervals_updated.end());
  return out;
}

} // namespace upsync::storage::upwork_rate_store
