#include "storage/interval_store.hpp"

#include "storage/pq_nullable.hpp"

#include <pqxx/pqxx>

namespace upsync::storage::interval_store {

namespace {

constexpr const char* columns =
  "id, workspace_id, member_id, project_id, extract(epoch FROM started_at)::bigint, "
  "extract(epoch FROM ended_at)::bigint, seconds, pay_rate::text, bill_rate::text, currency, "
  "source, upwork_contract_id";

interval_record from_row(const pqxx::row& row) {
  return interval_record{row[0].as<db_id>(),
                         row[1].as<db_id>(),
                         row[2].as<db_id>(),
                         nullable<db_id>(row[3]),
                         row[4].as<std::int64_t>(),
                         row[5].as<std::int64_t>(),
                         row[6].as<std::int64_t>(),
                         nullable<std::string>(row[7]),
                         nullable<std::string>(row[8]),
                         nullable<std::string>(row[9]),
                         row[10].as<std::string>(),
                         nullable<std::string>(row[11])};
}

} // namespace

interval_record create_manual(pqxx::transaction_base& tx, db_id workspace_id, const new_interval& v) {
  auto row = tx.exec_params1(
    std::string{"INSERT INTO time_intervals (workspace_id, member_id, project_id, started_at, "
                "ended_at, pay_rate, bill_rate, currency, source) "
                "VALUES ($1, $2, $3, to_timestamp($4), to_timestamp($5), $6::numeric, "
                "$7::numeric, $8, 'manual') RETURNING "}
      + columns,
    workspace_id, v.member_id, v.project_id, v.started_at, v.ended_at, v.pay_rate, v.bill_rate,
    v.currency);
  return from_row(row);
}

std::optional<interval_record> find(pqxx::transaction_base& tx, db_id workspace_id, db_id id) {
  auto rows = tx.exec_params(std::string{"SELECT "} + columns
                               + " FROM time_intervals WHERE workspace_id = $1 AND id = $2",
                             workspace_id, id);
  if (rows.empty())
    return std::nullopt;
  return from_row(rows[0]);
}

std::vector<interval_record> list(pqxx::transaction_base& tx, db_id workspace_id,
                                  const interval_filter& filter, std::optional<page_key> after,
                                  int limit) {
  // Absent filters are passed as NULL; PostgreSQL plans each call with the actual values,
  // so the "IS NULL OR" arms fold away and the (workspace_id, started_at, id) index serves.
  auto rows = tx.exec_params(
    std::string{"SELECT "} + columns
      + " FROM time_intervals WHERE workspace_id = $1"
        " AND ($2::bigint IS NULL OR started_at >= to_timestamp($2))"
        " AND ($3::bigint IS NULL OR started_at < to_timestamp($3))"
        " AND ($4::bigint IS NULL OR member_id = $4)"
        " AND ($5::bigint IS NULL OR project_id = $5)"
        " AND ($6::text IS NULL OR source = $6)"
        " AND ($7::bigint IS NULL OR (started_at, id) > (to_timestamp($7), $8::bigint))"
        " ORDER BY started_at, id LIMIT $9",
    workspace_id, filter.from, filter.to, filter.member_id, filter.project_id, filter.source,
    after ? std::optional<std::int64_t>{after->started_at} : std::nullopt,
    after ? std::optional<db_id>{after->id} : std::nullopt, limit);
  std::vector<interval_record> out;
  out.reserve(rows.size());
  for (const auto& row : rows)
    out.push_back(from_row(row));
  return out;
}

std::optional<interval_record> update(pqxx::transaction_base& tx, db_id workspace_id, db_id id,
                                      const interval_patch& patch) {
  bool set_project = patch.project_id.has_value();
  // Passed as text so NULL and a value travel the same way.
  std::optional<std::string> project;
  if (set_project && *patch.project_id)
    project = std::to_string(**patch.project_id);
  auto rows = tx.exec_params(
    std::string{"UPDATE time_intervals SET"
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
