#include "storage/engine_store.hpp"

#include "protocol/encoding.hpp"

#include <pqxx/pqxx>

namespace upsync::storage::engine_store {

namespace {

std::string unhex(const pqxx::field& f) {
  if (f.is_null())
    return {};
  return encoding::from_hex(f.as<std::string>()).value_or(std::string{});
}

connection_tokens tokens_from_row(const pqxx::row& r) {
  return connection_tokens{r[0].as<db_id>(), r[1].as<db_id>(), r[2].as<std::string>(), unhex(r[3]),
                           unhex(r[4]),
                           r[5].is_null() ? std::nullopt : std::optional<std::int64_t>{r[5].as<std::int64_t>()}};
}

constexpr const char* connection_columns =
  "id, workspace_id, status, encode(access_token_enc, 'hex'), encode(refresh_token_enc, 'hex'), "
  "extract(epoch FROM access_expires_at)::bigint";

} // namespace

std::vector<connection_tokens> active_connections(pqxx::transaction_base& tx) {
  std::vector<connection_tokens> out;
  for (const auto& r : tx.exec(std::string{"SELECT "} + connection_columns
                               + " FROM upwork_connections WHERE status = 'active' ORDER BY id"))
    out.push_back(tokens_from_row(r));
  return out;
}

std::optional<connection_tokens> connection(pqxx::transaction_base& tx, db_id connection_id) {
  auto rows = tx.exec_params(std::string{"SELECT "} + connection_columns
                               + " FROM upwork_connections WHERE id = $1",
                             connection_id);
  if (rows.empty())
    return std::nullopt;
  return tokens_from_row(rows[0]);
}

std::vector<contract_plan> syncing_contracts(pqxx::transaction_base& tx, std::optional<db_id> workspace_id,
                                             const std::optional<std::string>& organization_id) {
  auto rows = tx.exec_params(
    "SELECT c.workspace_id, o.connection_id, o.id, o.type, c.id, u.member_id, c.project_id, c.currency "
    "FROM upwork_contracts c "
    "JOIN upwork_organizations o ON o.workspace_id = c.workspace_id AND o.id = c.organization_id "
    "JOIN upwork_connections k ON k.workspace_id = o.workspace_id AND k.id = o.connection_id "
    "JOIN upwork_users u ON u.workspace_id = c.workspace_id AND u.organization_id = c.organization_id "
    "  AND u.upwork_user_id = c.upwork_user_id "
    "WHERE k.status = 'active' AND o.selected AND u.sync AND c.sync AND u.member_id IS NOT NULL "
    "  AND c.project_id IS NOT NULL AND c.kind = 'hourly' AND c.status = 'active' "
    "  AND ($1::bigint IS NULL OR c.workspace_id = $1) AND ($2::text IS NULL OR c.organization_id = $2) "
    "ORDER BY c.workspace_id, o.id, c.id",
    workspace_id, organization_id);
  std::vector<contract_plan> out;
  std::map<std::pair<db_id, std::string>, std::size_t> index;
  for (const auto& r : rows) {
    contract_plan p{r[0].as<db_id>(),
                    r[1].as<db_id>(),
                    r[2].as<std::string>(),
                    r[3].as<std::string>(),
                    r[4].as<std::string>(),
                    r[5].as<db_id>(),
                    r[6].is_null() ? std::nullopt : std::optional<db_id>{r[6].as<db_id>()},
                    r[7].as<std::string>(),
                    {}};
    index[{p.workspace_id, p.contract_id}] = out.size();
    out.push_back(std::move(p));
  }
  if (out.empty())
    return out;
  auto rates = tx.exec_params(
    "SELECT r.workspace_id, r.contract_id, r.side, r.effective_from - date '1970-01-01', r.rate::text "
    "FROM upwork_contract_rates r "
    "WHERE r.rate IS NOT NULL AND ($1::bigint IS NULL OR r.workspace_id = $1) "
    "ORDER BY r.effective_from",
    workspace_id);
  for (const auto& r : rates) {
    auto it = index.find({r[0].as<db_id>(), r[1].as<std::string>()});
    if (it != index.end())
      out[it->second].rates.push_back(
        rate_entry{r[2].as<std::string>(), r[3].as<std::int64_t>(), r[4].as<std::string>()});
  }
  return out;
}

std::map<std::int64_t, std::int32_t> synced_totals(pqxx::transaction_base& tx, db_id workspace_id,
                                                   const std::string& contract_id,
                                                   std::int64_t first_day) {
  std::map<std::int64_t, std::int32_t> out;
  for (const auto& r : tx.exec_params("SELECT day - date '1970-01-01', seconds FROM upwork_day_totals "
                                      "WHERE workspace_id = $1 AND contract_id = $2 "
                                      "AND day >= date '1970-01-01' + $3::integer",
                                      workspace_id, contract_id, first_day))
    out[r[0].as<std::int64_t>()] = r[1].as<std::int32_t>();
  return out;
}

bool import_done(pqxx::transaction_base& tx, db_id workspace_id, const std::string& contract_id) {
  auto rows = tx.exec_params("SELECT 1 FROM upwork_sync_cursors WHERE workspace_id = $1 "
                             "AND contract_id = $2 AND import_state = 'done'",
                             workspace_id, contract_id);
  return !rows.empty();
}

void save_tokens(pqxx::transaction_base& tx, db_id connection_id, const std::string& access_enc,
                 const std::string& refresh_enc, std::int64_t access_expires_at) {
  tx.exec_params0("UPDATE upwork_connections SET access_token_enc = decode($2, 'hex'), "
                  "refresh_token_enc = decode($3, 'hex'), access_expires_at = to_timestamp($4), "
                  "refresh_rotated_at = now(), updated_at = now() WHERE id = $1",
                  connection_id, encoding::to_hex(access_enc), encoding::to_hex(refresh_enc),
                  access_expires_at);
}

void mark_needs_reauth(pqxx::transaction_base& tx, db_id connection_id) {
  tx.exec_params0("UPDATE upwork_connections SET status = 'needs_reauth', updated_at = now() "
                  "WHERE id = $1 AND status = 'active'",
                  connection_id);
}

void set_last_synced(pqxx::transaction_base& tx, db_id workspace_id, const std::string& organization_id) {
  tx.exec_params0("UPDATE upwork_organizations SET last_synced_at = now() "
                  "WHERE workspace_id = $1 AND id = $2",
                  workspace_id, organization_id);
}

} // namespace upsync::storage::engine_store
