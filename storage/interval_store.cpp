#include "storage/interval_store.hpp"

#include "storage/pq_nullable.hpp"
#include "storage/workspace_store.hpp"

#include <pqxx/pqxx>

namespace upsync::storage::interval_store {

namespace {

constexpr const char* columns =
  "id, workspace_id, member_id, project_id, extract(epoch FROM started_at)::bigint, "
  "extract(epoch FROM ended_at)::bigint, seconds, pay_rate::text, bill_rate::text, currency, "
  "source, upwork_contract_id";

// An interval from `columns`, starting at column `first`.
interval_record from_row(const pqxx::row& row, int first = 0) {
  return interval_record{row[first].as<db_id>(),
                         row[first + 1].as<db_id>(),
                         row[first + 2].as<db_id>(),
                         nullable<db_id>(row[first + 3]),
                         row[first + 4].as<std::int64_t>(),
                         row[first + 5].as<std::int64_t>(),
                         row[first + 6].as<std::int64_t>(),
                         nullable<std::string>(row[first + 7]),
                         nullable<std::string>(row[first + 8]),
                         nullable<std::string>(row[first + 9]),
                         row[first + 10].as<std::string>(),
                         nullable<std::string>(row[first + 11])};
}

// A page's conditions, order and limit, holding only the filters given: each combination
// is its own statement, so a prepared one caches a plan that fits what it asks (an
// "$n IS NULL OR" form would cache one generic plan for every combination). Parameters are
// numbered from `next`, sent as text and typed by their casts.
struct page_sql {
  std::string text;
  std::vector<std::string> params;
  unsigned shape = 0; // which filters are present: names the prepared statement
};

page_sql page_conditions(const interval_filter& f, const std::optional<page_key>& after, int limit, int next) {
  page_sql q;
  auto param = [&](std::string value) {
    q.params.push_back(std::move(value));
    return "$" + std::to_string(next++);
  };
  auto add = [&](unsigned bit, bool present, auto condition) {
    if (!present)
      return;
    q.shape |= bit;
    q.text += " AND ";
    q.text += condition();
  };
  add(1, f.from.has_value(),
      [&] { return "started_at >= to_timestamp(" + param(std::to_string(*f.from)) + "::bigint)"; });
  add(2, f.to.has_value(), [&] { return "started_at < to_timestamp(" + param(std::to_string(*f.to)) + "::bigint)"; });
  add(4, f.member_id.has_value(), [&] { return "member_id = " + param(std::to_string(*f.member_id)) + "::bigint"; });
  add(8, f.project_id.has_value(), [&] { return "project_id = " + param(std::to_string(*f.project_id)) + "::bigint"; });
  add(16, f.source.has_value(), [&] { return "source = " + param(*f.source) + "::text"; });
  add(32, after.has_value(), [&] {
    auto started = param(std::to_string(after->started_at));
    return "(started_at, id) > (to_timestamp(" + started + "::bigint), " + param(std::to_string(after->id))
           + "::bigint)";
  });
  q.text += " ORDER BY started_at, id LIMIT " + param(std::to_string(limit)) + "::integer";
  return q;
}

} // namespace

interval_record create_manual(pqxx::transaction_base& tx, db_id workspace_id, const new_interval& v) {
  auto row = tx.exec_params1(std::string{"INSERT INTO time_intervals (workspace_id, member_id, project_id, started_at, "
                                         "ended_at, pay_rate, bill_rate, currency, source) "
                                         "VALUES ($1, $2, $3, to_timestamp($4), to_timestamp($5), $6::numeric, "
                                         "$7::numeric, $8, 'manual') RETURNING "}
                               + columns,
                             workspace_id, v.member_id, v.project_id, v.started_at, v.ended_at, v.pay_rate, v.bill_rate,
                             v.currency);
  return from_row(row);
}

std::optional<interval_record> find(pqxx::transaction_base& tx, db_id workspace_id, db_id id) {
  auto rows = tx.exec_params(
    std::string{"SELECT "} + columns + " FROM time_intervals WHERE workspace_id = $1 AND id = $2", workspace_id, id);
  if (rows.empty())
    return std::nullopt;
  return from_row(rows[0]);
}

std::vector<interval_record> list(pqxx::transaction_base& tx, db_id workspace_id, const interval_filter& filter,
                                  std::optional<page_key> after, int limit) {
  auto q = page_conditions(filter, after, limit, 2);
  q.params.insert(q.params.begin(), std::to_string(workspace_id));
  auto rows =
    tx.exec_params(std::string{"SELECT "} + columns + " FROM time_intervals WHERE workspace_id = $1::bigint" + q.text,
                   pqxx::prepare::make_dynamic_params(q.params));
  std::vector<interval_record> out;
  out.reserve(rows.size());
  for (const auto& row : rows)
    out.push_back(from_row(row));
  return out;
}

std::optional<caller_page> list_for_token(pqxx::transaction_base& tx, const std::string& token_hash_hex,
                                          const interval_filter& filter, std::optional<page_key> after, int limit) {
  // One row per interval with the caller's columns first; the caller alone (interval
  // columns NULL) when the page is empty; no row when the token is not valid.
  auto q = page_conditions(filter, after, limit, 2);
  q.params.insert(q.params.begin(), token_hash_hex);
  auto name = "interval_page_" + std::to_string(q.shape);
  tx.conn().prepare(name, std::string{"WITH "} + workspace_store::caller_cte
                            + " SELECT c.id, c.workspace_id, c.name, c.email, c.role, i.* FROM caller c"
                              " LEFT JOIN LATERAL (SELECT "
                            + columns + " FROM time_intervals WHERE workspace_id = c.workspace_id" + q.text
                            + ") i ON true");
  auto rows = tx.exec_prepared(name, pqxx::prepare::make_dynamic_params(q.params));
  if (rows.empty())
    return std::nullopt;
  constexpr int first_interval_column = 5;
  caller_page page{workspace_store::member_from_row(rows[0]), {}};
  if (rows[0][first_interval_column].is_null())
    return page;
  page.rows.reserve(rows.size());
  for (const auto& row : rows)
    page.rows.push_back(from_row(row, first_interval_column));
  return page;
}

std::optional<interval_record> update(pqxx::transaction_base& tx, db_id workspace_id, db_id id,
                                      const interval_patch& patch) {
  bool set_project = patch.project_id.has_value();
  // Passed as text so NULL and a value travel the same way.
  std::optional<std::string> project;
  if (set_project && *patch.project_id)
    project = std::to_string(**patch.project_id);
  auto rows = tx.exec_params(std::string{"UPDATE time_intervals SET"
                                         " started_at = COALESCE(to_timestamp($3), started_at),"
                                         " ended_at = COALESCE(to_timestamp($4), ended_at),"
                                         " project_id = CASE WHEN $5 THEN $6::bigint ELSE project_id END,"
                                         " edited_at = now()"
                                         " WHERE workspace_id = $1 AND id = $2 RETURNING "}
                               + columns,
                             workspace_id, id, patch.started_at, patch.ended_at, set_project, project);
  if (rows.empty())
    return std::nullopt;
  return from_row(rows[0]);
}

bool remove(pqxx::transaction_base& tx, db_id workspace_id, db_id id) {
  auto rows = tx.exec_params("DELETE FROM time_intervals WHERE workspace_id = $1 AND id = $2 "
                             "RETURNING id",
                             workspace_id, id);
  return !rows.empty();
}

} // namespace upsync::storage::interval_store
