// Rate histories in PostgreSQL (see upwork_rate_history.hpp). Every statement names the
// workspace.
#include "storage/upwork_rate_history.hpp"

#include "storage/pq_nullable.hpp"
#include "storage/sql_array.hpp"

#include <map>

#include <pqxx/pqxx>

namespace upsync::storage::upwork_store {

namespace {

std::vector<rate_row> rates_from(const pqxx::result& rows) {
  std::vector<rate_row> out;
  out.reserve(rows.size());
  for (const auto& r : rows)
    out.push_back(rate_row{r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::int64_t>(),
                           nullable<std::string>(r[3]), r[4].as<std::string>()});
  return out;
}

} // namespace

void replace_upwork_rates(pqxx::transaction_base& tx, db_id workspace_id, const std::string& contract_id,
                          const std::vector<rate_step>& history) {
  // One step per day (the key); a later one for the same day wins.
  std::map<std::int64_t, const rate_step*> by_day;
  for (const auto& step : history)
    by_day[step.effective_from] = &step;
  std::vector<std::string> days;
  std::vector<std::optional<std::string>> rates;
  std::vector<std::string> currencies;
  for (const auto& [day, step] : by_day) {
    days.push_back(std::to_string(day));
    rates.push_back(step->rate);
    currencies.push_back(step->currency);
  }
  tx.exec_params0("DELETE FROM upwork_contract_rates WHERE workspace_id = $1"
                  " AND contract_id = $2 AND side = 'upwork'",
                  workspace_id, contract_id);
  if (days.empty())
    return;
  // The whole history in one statement, as three parallel arrays.
  tx.exec_params0("INSERT INTO upwork_contract_rates (workspace_id, contract_id, side,"
                  " effective_from, rate, currency)"
                  " SELECT $1, $2, 'upwork', date '1970-01-01' + d, r::numeric, c"
                  " FROM unnest($3::integer[], $4::text[], $5::text[]) AS u(d, r, c)",
                  workspace_id, contract_id, to_array_literal(days), to_array_literal(rates),
                  to_array_literal(currencies));
}

std::vector<rate_row> load_rates(pqxx::transaction_base& tx, db_id workspace_id, const std::string& contract_id) {
  return rates_from(tx.exec_params("SELECT contract_id, side, effective_from - date '1970-01-01', rate::text, currency"
                                   " FROM upwork_contract_rates WHERE workspace_id = $1 AND contract_id = $2"
                                   " ORDER BY side, effective_from",
                                   workspace_id, contract_id));
}

std::vector<rate_row> load_organization_rates(pqxx::transaction_base& tx, db_id workspace_id,
                                              const std::string& organization_id) {
  return rates_from(
    tx.exec_params("SELECT r.contract_id, r.side, r.effective_from - date '1970-01-01', r.rate::text, r.currency"
                   " FROM upwork_contract_rates r JOIN upwork_contracts c"
                   "   ON c.workspace_id = r.workspace_id AND c.id = r.contract_id"
                   " WHERE r.workspace_id = $1 AND c.organization_id = $2"
                   " ORDER BY r.contract_id, r.side, r.effective_from",
                   workspace_id, organization_id));
}

std::vector<rate_row> load_workspace_rates(pqxx::transaction_base& tx, db_id workspace_id) {
  return rates_from(tx.exec_params("SELECT contract_id, side, effective_from - date '1970-01-01', rate::text, currency"
                                   " FROM upwork_contract_rates WHERE workspace_id = $1"
                                   " ORDER BY contract_id, side, effective_from",
                                   workspace_id));
}

} // namespace upsync::storage::upwork_store
