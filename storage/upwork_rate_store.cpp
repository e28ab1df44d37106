// Rate corrections in PostgreSQL (see upwork_rate_store.hpp).
#include "storage/upwork_rate_store.hpp"

#include <algorithm>
#include <stdexcept>

#include <pqxx/pqxx>

namespace upsync::storage::upwork_rate_store {

namespace {

void require_side(const std::string& side) {
  if (side != "pay" && side != "bill" && side != "upwork_override")
    throw std::invalid_argument("upwork_rate_store: unknown rate side '" + side + "'");
}

// The rate of one side ($4) in force on an interval's (i) UTC start day: the latest step
// on or before it. A correction always records a step on its first day, so every
// interval it reaches finds one.
constexpr const char* manager_rate_on_day =
  "(SELECT r.rate FROM upwork_contract_rates r"
  "  WHERE r.workspace_id = $1 AND r.contract_id = $2 AND r.side = $4"
  "    AND r.effective_from <= (i.started_at AT TIME ZONE 'UTC')::date"
  "  ORDER BY r.effective_from DESC LIMIT 1)";

// The Upwork side as the engine computes it (sync_rules' rates_for_day): the override in
// force that day ($4 is 'upwork_override') when it holds a rate, else Upwork's rate in force (before Upwork's first
// step, its first rate; rate-less Upwork steps say nothing).
constexpr const char* upwork_rate_on_day =
  "COALESCE("
  " (SELECT r.rate FROM upwork_contract_rates r"
  "   WHERE r.workspace_id = $1 AND r.contract_id = $2 AND r.side = $4"
  "     AND r.effective_from <= (i.started_at AT TIME ZONE 'UTC')::date"
  "   ORDER BY r.effective_from DESC LIMIT 1),"
  " (SELECT r.rate FROM upwork_contract_rates r"
  "   WHERE r.workspace_id = $1 AND r.contract_id = $2 AND r.side = 'upwork' AND r.rate IS NOT NULL"
  "     AND r.effective_from <= (i.started_at AT TIME ZONE 'UTC')::date"
  "   ORDER BY r.effective_from DESC LIMIT 1),"
  " (SELECT r.rate FROM upwork_contract_rates r"
  "   WHERE r.workspace_id = $1 AND r.contract_id = $2 AND r.side = 'upwork' AND r.rate IS NOT NULL"
  "   ORDER BY r.effective_from LIMIT 1))";

} // namespace

std::string upwork_side(const std::string& organization_type) {
  return organization_type == "client" ? "pay" : "bill";
}

void set_step(pqxx::transaction_base& tx, db_id workspace_id, const std::string& contract_id,
              const std::string& side, std::int64_t day, const std::optional<std::string>& rate,
              const std::string& currency) {
  require_side(side);
  tx.exec_params0("INSERT INTO upwork_contract_rates (workspace_id, contract_id, side,"
                  " effective_from, rate, currency)"
                  " VALUES ($1, $2, $3, date '1970-01-01' + $4::integer, $5::numeric, $6)"
                  " ON CONFLICT (workspace_id, contract_id, side, effective_from)"
                  " DO UPDATE SET rate = EXCLUDED.rate, currency = EXCLUDED.currency",
                  workspace_id, contract_id, side, static_cast<std::int32_t>(day), rate, currency);
}

correction_result correct_from(pqxx::transaction_base& tx, db_id workspace_id,
                               const std::string& contract_id, const std::string& organization_type,
                               const std::string& side, std::int64_t day,
                               const std::optional<std::string>& rate, const std::string& currency) {
  set_step(tx, workspace_id, contract_id, side, day, rate, currency);
  tx.exec_params0("DELETE FROM upwork_contract_rates WHERE workspace_id = $1 AND contract_id = $2"
                  " AND side = $3 AND effective_from > date '1970-01-01' + $4::integer",
                  workspace_id, contract_id, side, static_cast<std::int32_t>(day));

  // The column comes from a fixed pair of names, never from input.
  bool upwork = side == "upwork_override";
  std::string column = (upwork ? upwork_side(organization_type) : side) == "pay" ? "pay_rate" : "bill_rate";
  // Only intervals whose rate actually changes are written (and counted): the rest keep
  // their row untouched.
  auto rows = tx.exec_params(
    "UPDATE time_intervals t SET " + column + " = n.rate"
    " FROM (SELECT i.id, " + std::string{upwork ? upwork_rate_on_day : manager_rate_on_day} + " AS rate"
    "       FROM time_intervals i"
    "       WHERE i.workspace_id = $1 AND i.upwork_contract_id = $2 AND i.source = 'upwork'"
    "         AND i.edited_at IS NULL AND i.started_at >= to_timestamp($3::bigint * 86400)) n"
    " WHERE t.id = n.id AND t." + column + " IS DISTINCT FROM n.rate"
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
