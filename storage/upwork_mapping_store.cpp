// Upwork users and contracts in PostgreSQL (see upwork_mapping_store.hpp). Every
// statement names the workspace.
#include "storage/upwork_mapping_store.hpp"

#include "storage/pq_nullable.hpp"
#include "storage/pq_rows.hpp"
#include "storage/upwork_store_detail.hpp"

#include <pqxx/pqxx>

namespace upsync::storage::upwork_store {

using detail::as_text;
using detail::require_one_of;

namespace {

constexpr const char* user_columns =
  "workspace_id, organization_id, upwork_user_id, name, email, member_id, "
  "suggested_member_id, match, sync, locked, create_member_name, create_member_email";

upwork_user_record user_from_row(const pqxx::row& r) {
  return upwork_user_record{r[0].as<db_id>(),
                            r[1].as<std::string>(),
                            r[2].as<std::string>(),
                            r[3].as<std::string>(),
                            nullable<std::string>(r[4]),
                            user_mapping{nullable<db_id>(r[5]), nullable<db_id>(r[6]), r[7].as<std::string>(),
                                         r[8].as<bool>(), r[9].as<bool>(), nullable<std::string>(r[10]),
                                         nullable<std::string>(r[11])}};
}

constexpr const char* contract_columns =
  "workspace_id, id, organization_id, upwork_user_id, title, client_name, status, kind, "
  "upwork_rate::text, currency, project_id, sync, locked, create_project::text, "
  "extract(epoch FROM first_seen_at)::bigint, extract(epoch FROM confirmed_at)::bigint";

contract_record contract_from_row(const pqxx::row& r) {
  return contract_record{r[0].as<db_id>(),
                         r[1].as<std::string>(),
                         r[2].as<std::string>(),
                         r[3].as<std::string>(),
                         r[4].as<std::string>(),
                         nullable<std::string>(r[5]),
                         r[6].as<std::string>(),
                         r[7].as<std::string>(),
                         nullable<std::string>(r[8]),
                         r[9].as<std::string>(),
                         contract_mapping{nullable<db_id>(r[10]), r[11].as<bool>(), r[12].as<bool>()},
                         nullable<std::string>(r[13]),
                         r[14].as<std::int64_t>(),
                         nullable<std::int64_t>(r[15])};
}

std::vector<contract_record> contracts_from(const pqxx::result& rows) { return records_from(rows, contract_from_row); }

} // namespace

// ---- Upwork users ---------------------------------------------------------------------

void upsert_user(pqxx::transaction_base& tx, db_id workspace_id, const upwork_user_discovery& user) {
  tx.exec_params0("INSERT INTO upwork_users (workspace_id, organization_id, upwork_user_id, name,"
                  " email) VALUES ($1, $2, $3, $4, $5)"
                  " ON CONFLICT (workspace_id, organization_id, upwork_user_id)"
                  " DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email",
                  workspace_id, user.organization_id, user.upwork_user_id, user.name, user.email);
}

std::vector<upwork_user_record> list_users(pqxx::transaction_base& tx, db_id workspace_id,
                                           const std::string& organization_id) {
  auto rows = tx.exec_params(std::string{"SELECT "} + user_columns
                               + " FROM upwork_users WHERE workspace_id = $1"
                                 " AND organization_id = $2 ORDER BY upwork_user_id",
                             workspace_id, organization_id);
  return records_from(rows, user_from_row);
}

bool update_user_mapping(pqxx::transaction_base& tx, db_id workspace_id, const std::string& organization_id,
                         const std::string& upwork_user_id, const user_mapping& m) {
  require_one_of("match", m.match, {"exact", "close", "none"});
  auto rows =
    tx.exec_params("UPDATE upwork_users SET member_id = $4::bigint, suggested_member_id = $5::bigint,"
                   " match = $6, sync = $7, locked = $8, create_member_name = $9, create_member_email = $10"
                   " WHERE workspace_id = $1 AND organization_id = $2 AND upwork_user_id = $3"
                   " RETURNING upwork_user_id",
                   workspace_id, organization_id, upwork_user_id, as_text(m.member_id), as_text(m.suggested_member_id),
                   m.match, m.sync, m.locked, m.create_member_name, m.create_member_email);
  return !rows.empty();
}

// ---- contracts ------------------------------------------------------------------------

void upsert_contract(pqxx::transaction_base& tx, db_id workspace_id, const contract_discovery& c,
                     std::optional<std::int64_t> now) {
  require_one_of("contract status", c.status, {"active", "paused", "closed"});
  require_one_of("contract kind", c.kind, {"hourly", "fixed"});
  // status_changed_at moves only when the status does: it starts a closing grace.
  tx.exec_params0("INSERT INTO upwork_contracts (workspace_id, id, organization_id, upwork_user_id, title,"
                  " client_name, status, kind, upwork_rate, currency, status_changed_at)"
                  " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::numeric, $10,"
                  "         COALESCE(to_timestamp($11::bigint), now()))"
                  " ON CONFLICT (workspace_id, id) DO UPDATE SET organization_id = EXCLUDED.organization_id,"
                  " upwork_user_id = EXCLUDED.upwork_user_id, title = EXCLUDED.title,"
                  " client_name = EXCLUDED.client_name, status = EXCLUDED.status, kind = EXCLUDED.kind,"
                  " upwork_rate = EXCLUDED.upwork_rate, currency = EXCLUDED.currency,"
                  " status_changed_at = CASE WHEN upwork_contracts.status = EXCLUDED.status"
                  "   THEN upwork_contracts.status_changed_at ELSE EXCLUDED.status_changed_at END",
                  workspace_id, c.id, c.organization_id, c.upwork_user_id, c.title, c.client_name, c.status, c.kind,
                  c.upwork_rate, c.currency, as_text(now));
}

std::optional<contract_record> find_contract(pqxx::transaction_base& tx, db_id workspace_id, const std::string& id) {
  auto rows = tx.exec_params(std::string{"SELECT "} + contract_columns
                               + " FROM upwork_contracts WHERE workspace_id = $1 AND id = $2",
                             workspace_id, id);
  if (rows.empty())
    return std::nullopt;
  return contract_from_row(rows[0]);
}

std::vector<contract_record> list_contracts(pqxx::transaction_base& tx, db_id workspace_id) {
  return contracts_from(tx.exec_params(std::string{"SELECT "} + contract_columns
                                         + " FROM upwork_contracts WHERE workspace_id = $1"
                                           " ORDER BY organization_id, id",
                                       workspace_id));
}

std::vector<contract_record> list_contracts_of_organization(pqxx::transaction_base& tx, db_id workspace_id,
                                                            const std::string& organization_id) {
  return contracts_from(tx.exec_params(std::string{"SELECT "} + contract_columns
                                         + " FROM upwork_contracts WHERE workspace_id = $1"
                                           " AND organization_id = $2 ORDER BY id",
                                       workspace_id, organization_id));
}

bool update_contract_mapping(pqxx::transaction_base& tx, db_id workspace_id, const std::string& id,
                             const contract_mapping& m) {
  auto rows = tx.exec_params("UPDATE upwork_contracts SET project_id = $3::bigint, sync = $4,"
                             " locked = $5 WHERE workspace_id = $1 AND id = $2 RETURNING id",
                             workspace_id, id, as_text(m.project_id), m.sync, m.locked);
  return !rows.empty();
}

} // namespace upsync::storage::upwork_store
