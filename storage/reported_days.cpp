// Upwork's reported daily totals (see reported_days.hpp).
#include "storage/reported_days.hpp"

#include "storage/sql_array.hpp"

#include <map>
#include <pqxx/pqxx>
#include <tuple>

namespace upsync::storage::reported_days {

namespace {

// Stored days of a reset range that the same call does not list are zeroed: Upwork
// reported nothing for them. Listed days are left to the upsert, so no row is changed
// twice in one transaction. EXCEPT (hashed) keeps the cost linear in ranges and days at a
// restart of a large engine, where every contract comes with a reset.
constexpr const char* zero_unlisted =
  "UPDATE upwork_reported_days r SET seconds = 0, reported_at = now()"
  " FROM (SELECT s.workspace_id, s.contract_id, s.day"
  "       FROM unnest($1::bigint[], $2::text[], $3::integer[], $4::integer[]) AS g(workspace_id, contract_id, first, "
  "last)"
  "       JOIN upwork_reported_days s ON s.workspace_id = g.workspace_id AND s.contract_id = g.contract_id"
  "        AND s.day BETWEEN date '1970-01-01' + g.first AND date '1970-01-01' + g.last AND s.seconds <> 0"
  "       EXCEPT"
  "       SELECT l.workspace_id, l.contract_id, date '1970-01-01' + l.day"
  "       FROM unnest($5::bigint[], $6::text[], $7::integer[]) AS l(workspace_id, contract_id, day)) z"
  " WHERE r.workspace_id = z.workspace_id AND r.contract_id = z.contract_id AND r.day = z.day";

// Listed days, each at most once (record() merged them), in key order. A zero only
// updates a stored day: an empty day needs no row.
constexpr const char* upsert_listed =
  "INSERT INTO upwork_reported_days AS r (workspace_id, contract_id, day, seconds)"
  " SELECT v.workspace_id, v.contract_id, date '1970-01-01' + v.day, v.seconds"
  " FROM unnest($1::bigint[], $2::text[], $3::integer[], $4::integer[]) AS v(workspace_id, contract_id, day, seconds)"
  " JOIN upwork_contracts c ON c.workspace_id = v.workspace_id AND c.id = v.contract_id"
  " WHERE v.seconds > 0 OR EXISTS (SELECT 1 FROM upwork_reported_days s WHERE s.workspace_id = v.workspace_id"
  "                                AND s.contract_id = v.contract_id AND s.day = date '1970-01-01' + v.day)"
  " ORDER BY v.workspace_id, v.contract_id, v.day"
  " ON CONFLICT (workspace_id, contract_id, day) DO UPDATE SET seconds = EXCLUDED.seconds, reported_at = now()"
  "   WHERE r.seconds <> EXCLUDED.seconds";

struct merged {
  std::optional<std::pair<std::int64_t, std::int64_t>> reset;
  std::map<std::int64_t, std::int32_t> days;
};

} // namespace

void record(pqxx::transaction_base& tx, const std::vector<change>& changes) {
  if (changes.empty())
    return;
  // In order: a reset forgets the days listed before it in its range (it reports them
  // anew); a day listed again takes the later number.
  std::map<std::pair<db_id, std::string>, merged> contracts;
  for (const auto& c : changes) {
    auto& m = contracts[{c.workspace_id, c.contract_id}];
    if (c.reset) {
      m.days.erase(m.days.lower_bound(c.reset->first), m.days.upper_bound(c.reset->second));
      m.reset = m.reset
                  ? std::pair{std::min(m.reset->first, c.reset->first), std::max(m.reset->second, c.reset->second)}
                  : *c.reset;
    }
    for (const auto& [day, seconds] : c.days)
      if (seconds >= 0) // Upwork's hours are untrusted: an overflowed sum must not fail the flush
        m.days[day] = seconds;
  }
  std::vector<std::string> r_ws, r_contract, r_first, r_last;
  std::vector<std::string> l_ws, l_contract, l_day, l_seconds;
  for (const auto& [key, m] : contracts) {
    if (m.reset) {
      r_ws.push_back(std::to_string(key.first));
      r_contract.push_back(key.second);
      r_first.push_back(std::to_string(m.reset->first));
      r_last.push_back(std::to_string(m.reset->second));
    }
    for (const auto& [day, seconds] : m.days) {
      l_ws.push_back(std::to_string(key.first));
      l_contract.push_back(key.second);
      l_day.push_back(std::to_string(day));
      l_seconds.push_back(std::to_string(seconds));
    }
  }
  if (!r_ws.empty())
    tx.exec_params0(zero_unlisted, to_array_literal(r_ws), to_array_literal(r_contract), to_array_literal(r_first),
                    to_array_literal(r_last), to_array_literal(l_ws), to_array_literal(l_contract),
                    to_array_literal(l_day));
  if (!l_ws.empty())
    tx.exec_params0(upsert_listed, to_array_literal(l_ws), to_array_literal(l_contract), to_array_literal(l_day),
                    to_array_literal(l_seconds));
}

} // namespace upsync::storage::reported_days
