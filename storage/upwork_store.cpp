// The Upwork side's rows (see upwork_store.hpp). Every statement names the workspace,
// except the two the engine and the OAuth callback need before they know one.
#include "storage/upwork_store.hpp"

#include "protocol/encoding.hpp"
#include "domain/billing_week.hpp"
#include "storage/contract_diagnosis.hpp"
#include "storage/pq_nullable.hpp"
#include "storage/secrets.hpp"
#include "storage/sql_array.hpp"
#include "storage/sync_health.hpp"

#include <ctime>
#include <initializer_list>
#include <map>
#include <stdexcept>

#include <pqxx/pqxx>

namespace upsync::storage::upwork_store {

namespace {

// Refusing an unknown word here keeps the transaction usable: a CHECK violation would
// abort it.
void require_one_of(const std::string& what, const std::string& value,
                    std::initializer_list<const char*> allowed) {
  for (const char* a : allowed)
    if (value == a)
      return;
  throw std::invalid_argument("upwork_store: unknown " + what + " '" + value + "'");
}

// Optional numbers travel as text so NULL and a value take the same path (and GCC sees
// no maybe-uninitialized optional in libpqxx's parameter packing).
template <class T>
std::optional<std::string> as_text(const std::optional<T>& v) {
  if (!v)
    return std::nullopt;
  return std::to_string(*v);
}

// ---- connections ----

constexpr const char* connection_columns =
  "id, workspace_id, created_by, status, encode(access_token_enc, 'hex'), "
  "encode(refresh_token_enc, 'hex'), extract(epoch FROM access_expires_at)::bigint, "
  "extract(epoch FROM refresh_rotated_at)::bigint, upwork_user_id, "
  "extract(epoch FROM created_at)::bigint, extract(epoch FROM updated_at)::bigint, "
  "discovery_status, discovery_error, extract(epoch FROM discovered_at)::bigint, discovery_failures";

connection_record connection_from_row(const pqxx::row& r) {
  return connection_record{r[0].as<db_id>(),
                           r[1].as<db_id>(),
                           r[2].as<db_id>(),
                           r[3].as<std::string>(),
                           nullable<std::string>(r[4]),
                           nullable<std::string>(r[5]),
                           nullable<std::int64_t>(r[6]),
                           nullable<std::int64_t>(r[7]),
                           nullable<std::string>(r[8]),
                           r[9].as<std::int64_t>(),
                           r[10].as<std::int64_t>(),
                           r[11].as<std::string>(),
                           nullable<std::string>(r[12]),
                           nullable<std::int64_t>(r[13]),
                           r[14].as<std::int32_t>()};
}

std::vector<connection_record> connections_from(const pqxx::result& rows) {
  std::vector<connection_record> out;
  out.reserve(rows.size());
  for (const auto& r : rows)
    out.push_back(connection_from_row(r));
  return out;
}

// ---- organizations ----

constexpr const char* organization_columns =
  "workspace_id, id, connection_id, rid, name, type, avatar_url, selected, users_count, "
  "contracts_count, refresh_status, extract(epoch FROM last_refreshed_at)::bigint, "
  "extract(epoch FROM last_synced_at)::bigint";

organization_record organization_from_row(const pqxx::row& r) {
  return organization_record{r[0].as<db_id>(),
                             r[1].as<std::string>(),
                             r[2].as<db_id>(),
                             nullable<std::string>(r[3]),
                             r[4].as<std::string>(),
                             r[5].as<std::string>(),
                             nullable<std::string>(r[6]),
                             r[7].as<bool>(),
                             r[8].as<std::int32_t>(),
                             r[9].as<std::int32_t>(),
                             r[10].as<std::string>(),
                             nullable<std::int64_t>(r[11]),
                             nullable<std::int64_t>(r[12])};
}

// ---- users and contracts ----

constexpr const char* user_columns =
  "workspace_id, organization_id, upwork_user_id, name, email, member_id, "
  "suggested_member_id, match, sync, locked, create_member_name, create_member_email";

upwork_user_record user_from_row(const pqxx::row& r) {
  return upwork_user_record{
    r[0].as<db_id>(),
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

std::vector<contract_record> contracts_from(const pqxx::result& rows) {
  std::vector<contract_record> out;
  out.reserve(rows.size());
  for (const auto& r : rows)
    out.push_back(contract_from_row(r));
  return out;
}

// ---- rates, cursors ----

std::vector<rate_row> rates_from(const pqxx::result& rows) {
  std::vector<rate_row> out;
  out.reserve(rows.size());
  for (const auto& r : rows)
    out.push_back(rate_row{r[0].as<std::string>(), r[1].as<std::string>(),
                           r[2].as<std::int64_t>(), nullable<std::string>(r[3]),
                           r[4].as<std::string>()});
  return out;
}

constexpr const char* cursor_columns =
  "contract_id, import_state, window_start - date '1970-01-01', days_total, days_done, "
  "synced_through - date '1970-01-01', extract(epoch FROM last_synced_at)::bigint, last_error";

cursor_record cursor_from_row(const pqxx::row& r) {
  return cursor_record{r[0].as<std::string>(),       r[1].as<std::string>(),
                       nullable<std::int64_t>(r[2]), r[3].as<std::int32_t>(),
                       r[4].as<std::int32_t>(),      nullable<std::int64_t>(r[5]),
                       nullable<std::int64_t>(r[6]), nullable<std::string>(r[7])};
}

// ---- what syncs ----

// The one definition of "syncs"; diagnose() reports each of these conditions separately.
constexpr const char* sync_target_query =
  "SELECT c.workspace_id, o.connection_id, o.id, o.type, c.id, c.upwork_user_id, u.member_id,"
  "       c.project_id, c.currency, c.status, extract(epoch FROM c.status_changed_at)::bigint,"
  "       c.rates_version"
  " FROM upwork_contracts c"
  " JOIN upwork_users u ON u.workspace_id = c.workspace_id"
  "  AND u.organization_id = c.organization_id AND u.upwork_user_id = c.upwork_user_id"
  " JOIN upwork_organizations o ON o.workspace_id = c.workspace_id AND o.id = c.organization_id"
  " JOIN upwork_connections k ON k.workspace_id = o.workspace_id AND k.id = o.connection_id"
  " WHERE k.status = 'active' AND o.selected AND u.sync AND u.member_id IS NOT NULL"
  "   AND c.sync AND c.project_id IS NOT NULL AND c.kind = 'hourly' AND c.confirmed_at IS NOT NULL"
  // Active, or paused/closed after syncing (a cursor) and still in its closing grace: $3 is
  // domain::billing_week::closing_grace_cutoff(now), the same rule as contract_diagnosis.
  "   AND (c.status = 'active'"
  "        OR (c.status_changed_at >= to_timestamp($3::bigint)"
  "            AND EXISTS (SELECT 1 FROM upwork_sync_cursors s"
  "                         WHERE s.workspace_id = c.workspace_id AND s.contract_id = c.id)))"
  "   AND ($1::bigint IS NULL OR c.workspace_id = $1::bigint)"
  "   AND ($2::text IS NULL OR c.organization_id = $2::text)"
  " ORDER BY c.workspace_id, o.id, c.id";

std::vector<sync_target> targets_from(const pqxx::result& rows) {
  std::vector<sync_target> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    std::optional<std::int64_t> closing_until;
    if (r[9].as<std::string>() != "active")
      closing_until = domain::billing_week::closing_grace_end(r[10].as<std::int64_t>());
    out.push_back(sync_target{r[0].as<db_id>(), r[1].as<db_id>(), r[2].as<std::string>(),
                              r[3].as<std::string>(), r[4].as<std::string>(),
                              r[5].as<std::string>(), r[6].as<db_id>(), r[7].as<db_id>(),
                              r[8].as<std::string>(), closing_until, r[11].as<std::int64_t>()});
  }
  return out;
}

std::int64_t system_now() { return static_cast<std::int64_t>(std::time(nullptr)); }

} // namespace

// ---- connections ----------------------------------------------------------------------

db_id create_connection(pqxx::transaction_base& tx, db_id workspace_id, db_id created_by,
                        const std::optional<std::string>& upwork_user_id) {
  return tx
    .exec_params1("INSERT INTO upwork_connections (workspace_id, created_by, upwork_user_id) "
                  "VALUES ($1, $2, $3) RETURNING id",
                  workspace_id, created_by, upwork_user_id)[0]
    .as<db_id>();
}

std::optional<connection_record> find_connection(pqxx::transaction_base& tx, db_id workspace_id,
                                                 db_id id) {
  auto rows = tx.exec_params(std::string{"SELECT "} + connection_columns
                               + " FROM upwork_connections WHERE workspace_id = $1 AND id = $2",
                             workspace_id, id);
  if (rows.empty())
    return std::nullopt;
  return connection_from_row(rows[0]);
}

std::vector<connection_record> list_connections(pqxx::transaction_base& tx, db_id workspace_id) {
  return connections_from(tx.exec_params(std::string{"SELECT "} + connection_columns
                                           + " FROM upwork_connections WHERE workspace_id = $1"
                                             " ORDER BY id",
                                         workspace_id));
}

std::vector<connection_record> list_active_connections(pqxx::transaction_base& tx) {
  return connections_from(tx.exec(std::string{"SELECT "} + connection_columns
                                  + " FROM upwork_connections WHERE status = 'active'"
                                    " ORDER BY workspace_id, id"));
}

bool save_tokens(pqxx::transaction_base& tx, db_id workspace_id, db_id id,
                 const connection_tokens& tokens) {
  auto rows = tx.exec_params(
    "UPDATE upwork_connections SET access_token_enc = decode($3, 'hex'),"
    " refresh_token_enc = decode($4, 'hex'), access_expires_at = to_timestamp($5),"
    " refresh_rotated_at = COALESCE(to_timestamp($6::bigint), refresh_rotated_at),"
    " updated_at = now()"
    " WHERE workspace_id = $1 AND id = $2 AND status <> 'disconnected' RETURNING id",
    workspace_id, id, tokens.access_token_enc, tokens.refresh_token_enc, tokens.access_expires_at,
    as_text(tokens.refresh_rotated_at));
  return !rows.empty();
}

bool set_connection_status(pqxx::transaction_base& tx, db_id workspace_id, db_id id,
                           const std::string& status) {
  require_one_of("connection status", status, {"active", "needs_reauth", "disconnected"});
  auto rows = tx.exec_params("UPDATE upwork_connections SET status = $3, updated_at = now()"
                             " WHERE workspace_id = $1 AND id = $2 RETURNING id",
                             workspace_id, id, status);
  return !rows.empty();
}

// ---- OAuth states ---------------------------------------------------------------------

void create_oauth_state(pqxx::transaction_base& tx, const std::string& state,
                        const oauth_state_record& binding) {
  tx.exec_params0("INSERT INTO upwork_oauth_states (state_hash, workspace_id, member_id,"
                  " connection_id, expires_at)"
                  " VALUES (decode($1, 'hex'), $2, $3, $4::bigint, to_timestamp($5))",
                  encoding::to_hex(sha256(state)), binding.workspace_id, binding.member_id,
                  as_text(binding.connection_id), binding.expires_at);
}

std::optional<oauth_state_record> consume_oauth_state(pqxx::transaction_base& tx,
                                                      const std::string& state) {
  // One statement: of two concurrent callbacks with the same state, the second waits for
  // the first's row lock and then finds used_at set.
  auto rows = tx.exec_params(
    "UPDATE upwork_oauth_states SET used_at = now()"
    " WHERE state_hash = decode($1, 'hex') AND used_at IS NULL AND expires_at > now()"
    " RETURNING workspace_id, member_id, connection_id, extract(epoch FROM expires_at)::bigint",
    encoding::to_hex(sha256(state)));
  if (rows.empty())
    return std::nullopt;
  return oauth_state_record{rows[0][0].as<db_id>(), rows[0][1].as<db_id>(),
                            nullable<db_id>(rows[0][2]), rows[0][3].as<std::int64_t>()};
}

// ---- organizations --------------------------------------------------------------------

void upsert_organization(pqxx::transaction_base& tx, db_id workspace_id,
                         const organization_discovery& org) {
  require_one_of("organization type", org.type, {"agency", "client", "freelancer"});
  tx.exec_params0(
    "INSERT INTO upwork_organizations (workspace_id, id, connection_id, rid, name, type,"
    " avatar_url, users_count, contracts_count) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
    " ON CONFLICT (workspace_id, id) DO UPDATE SET connection_id = EXCLUDED.connection_id,"
    " rid = EXCLUDED.rid, name = EXCLUDED.name, type = EXCLUDED.type,"
    " avatar_url = CASE WHEN $10 THEN EXCLUDED.avatar_url ELSE upwork_organizations.avatar_url END,"
    " users_count = EXCLUDED.users_count,"
    " contracts_count = EXCLUDED.contracts_count",
    workspace_id, org.id, org.connection_id, org.rid, org.name, org.type, org.avatar_url,
    org.users_count, org.contracts_count, org.avatar_known);
}

std::optional<organization_record> find_organization(pqxx::transaction_base& tx,
                                                     db_id workspace_id, const std::string& id) {
  auto rows = tx.exec_params(std::string{"SELECT "} + organization_columns
                               + " FROM upwork_organizations WHERE workspace_id = $1 AND id = $2",
                             workspace_id, id);
  if (rows.empty())
    return std::nullopt;
  return organization_from_row(rows[0]);
}

std::vector<organization_record> list_organizations(pqxx::transaction_base& tx,
                                                    db_id workspace_id) {
  auto rows = tx.exec_params(std::string{"SELECT "} + organization_columns
                               + " FROM upwork_organizations WHERE workspace_id = $1 ORDER BY id",
                             workspace_id);
  std::vector<organization_record> out;
  out.reserve(rows.size());
  for (const auto& r : rows)
    out.push_back(organization_from_row(r));
  return out;
}

std::vector<organization_record> list_engine_organizations(pqxx::transaction_base& tx,
                                                           std::optional<db_id> workspace_id,
                                                           const std::optional<std::string>& id) {
  auto rows = tx.exec_params(std::string{"SELECT "} + "o.workspace_id, o.id, o.connection_id, o.rid, o.name, o.type, "
                               "o.avatar_url, o.selected, o.users_count, o.contracts_count, o.refresh_status, "
                               "extract(epoch FROM o.last_refreshed_at)::bigint, "
                               "extract(epoch FROM o.last_synced_at)::bigint"
                               " FROM upwork_organizations o JOIN upwork_connections c"
                               " ON c.workspace_id = o.workspace_id AND c.id = o.connection_id"
                               " WHERE o.selected AND c.status = 'active'"
                               " AND ($1::bigint IS NULL OR o.workspace_id = $1::bigint)"
                               " AND ($2::text IS NULL OR o.id = $2::text)"
                               " ORDER BY o.workspace_id, o.id",
                             as_text(workspace_id), id);
  std::vector<organization_record> out;
  out.reserve(rows.size());
  for (const auto& r : rows)
    out.push_back(organization_from_row(r));
  return out;
}

std::size_t set_organizations_selected(pqxx::transaction_base& tx, db_id workspace_id,
                                       const std::vector<std::string>& ids, bool selected) {
  auto result = tx.exec_params0("UPDATE upwork_organizations SET selected = $3"
                                " WHERE workspace_id = $1 AND id = ANY($2::text[])",
                                workspace_id, to_array_literal(ids), selected);
  return static_cast<std::size_t>(result.affected_rows());
}

bool set_refresh_status(pqxx::transaction_base& tx, db_id workspace_id, const std::string& id,
                        const std::string& status, std::optional<std::int64_t> refreshed_at) {
  require_one_of("refresh status", status, {"idle", "running", "failed"});
  auto rows = tx.exec_params(
    "UPDATE upwork_organizations SET refresh_status = $3,"
    " last_refreshed_at = COALESCE(to_timestamp($4::bigint), last_refreshed_at)"
    " WHERE workspace_id = $1 AND id = $2 RETURNING id",
    workspace_id, id, status, as_text(refreshed_at));
  return !rows.empty();
}

std::size_t mark_organizations_synced(pqxx::transaction_base& tx, const std::vector<organization_key>& organizations) {
  std::vector<std::string> workspaces, ids;
  workspaces.reserve(organizations.size());
  ids.reserve(organizations.size());
  for (const auto& o : organizations) {
    workspaces.push_back(std::to_string(o.workspace_id));
    ids.push_back(o.organization_id);
  }
  auto done = tx.exec_params("UPDATE upwork_organizations o SET last_synced_at = now()"
                             " FROM unnest($1::bigint[], $2::text[]) AS v(workspace_id, id)"
                             " WHERE o.workspace_id = v.workspace_id AND o.id = v.id",
                             to_array_literal(workspaces), to_array_literal(ids));
  return static_cast<std::size_t>(done.affected_rows());
}

bool mark_organization_synced(pqxx::transaction_base& tx, db_id workspace_id,
                              const std::string& id) {
  return mark_organizations_synced(tx, {{workspace_id, id}}) == 1;
}

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
  std::vector<upwork_user_record> out;
  out.reserve(rows.size());
  for (const auto& r : rows)
    out.push_back(user_from_row(r));
  return out;
}

bool update_user_mapping(pqxx::transaction_base& tx, db_id workspace_id,
                         const std::string& organization_id, const std::string& upwork_user_id,
                         const user_mapping& m) {
  require_one_of("match", m.match, {"exact", "close", "none"});
  auto rows = tx.exec_params(
    "UPDATE upwork_users SET member_id = $4::bigint, suggested_member_id = $5::bigint,"
    " match = $6, sync = $7, locked = $8, create_member_name = $9, create_member_email = $10"
    " WHERE workspace_id = $1 AND organization_id = $2 AND upwork_user_id = $3"
    " RETURNING upwork_user_id",
    workspace_id, organization_id, upwork_user_id, as_text(m.member_id),
    as_text(m.suggested_member_id), m.match, m.sync, m.locked, m.create_member_name,
    m.create_member_email);
  return !rows.empty();
}

// ---- contracts ------------------------------------------------------------------------

void upsert_contract(pqxx::transaction_base& tx, db_id workspace_id, const contract_discovery& c,
                     std::optional<std::int64_t> now) {
  require_one_of("contract status", c.status, {"active", "paused", "closed"});
  require_one_of("contract kind", c.kind, {"hourly", "fixed"});
  // status_changed_at moves only when the status does: it starts a closing grace.
  tx.exec_params0(
    "INSERT INTO upwork_contracts (workspace_id, id, organization_id, upwork_user_id, title,"
    " client_name, status, kind, upwork_rate, currency, status_changed_at)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::numeric, $10,"
    "         COALESCE(to_timestamp($11::bigint), now()))"
    " ON CONFLICT (workspace_id, id) DO UPDATE SET organization_id = EXCLUDED.organization_id,"
    " upwork_user_id = EXCLUDED.upwork_user_id, title = EXCLUDED.title,"
    " client_name = EXCLUDED.client_name, status = EXCLUDED.status, kind = EXCLUDED.kind,"
    " upwork_rate = EXCLUDED.upwork_rate, currency = EXCLUDED.currency,"
    " status_changed_at = CASE WHEN upwork_contracts.status = EXCLUDED.status"
    "   THEN upwork_contracts.status_changed_at ELSE EXCLUDED.status_changed_at END",
    workspace_id, c.id, c.organization_id, c.upwork_user_id, c.title, c.client_name, c.status,
    c.kind, c.upwork_rate, c.currency, as_text(now));
}

std::optional<contract_record> find_contract(pqxx::transaction_base& tx, db_id workspace_id,
                                             const std::string& id) {
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

std::vector<contract_record> list_contracts_of_organization(pqxx::transaction_base& tx,
                                                            db_id workspace_id,
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

// ---- rates ----------------------------------------------------------------------------

void replace_upwork_rates(pqxx::transaction_base& tx, db_id workspace_id,
                          const std::string& contract_id, const std::vector<rate_step>& history) {
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

void set_manager_rate(pqxx::transaction_base& tx, db_id workspace_id,
                      const std::string& contract_id, const std::string& side,
                      const rate_step& step) {
  require_one_of("manager rate side", side, {"pay", "bill"});
  tx.exec_params0("INSERT INTO upwork_contract_rates (workspace_id, contract_id, side,"
                  " effective_from, rate, currency)"
                  " VALUES ($1, $2, $3, date '1970-01-01' + $4::integer, $5::numeric, $6)"
                  " ON CONFLICT (workspace_id, contract_id, side, effective_from)"
                  " DO UPDATE SET rate = EXCLUDED.rate, currency = EXCLUDED.currency",
                  workspace_id, contract_id, side, static_cast<std::int32_t>(step.effective_from),
                  step.rate, step.currency);
}

std::vector<rate_row> load_rates(pqxx::transaction_base& tx, db_id workspace_id,
                                 const std::string& contract_id) {
  return rates_from(tx.exec_params(
    "SELECT contract_id, side, effective_from - date '1970-01-01', rate::text, currency"
    " FROM upwork_contract_rates WHERE workspace_id = $1 AND contract_id = $2"
    " ORDER BY side, effective_from",
    workspace_id, contract_id));
}

std::vector<rate_row> load_organization_rates(pqxx::transaction_base& tx, db_id workspace_id,
                                              const std::string& organization_id) {
  return rates_from(tx.exec_params(
    "SELECT r.contract_id, r.side, r.effective_from - date '1970-01-01', r.rate::text, r.currency"
    " FROM upwork_contract_rates r JOIN upwork_contracts c"
    "   ON c.workspace_id = r.workspace_id AND c.id = r.contract_id"
    " WHERE r.workspace_id = $1 AND c.organization_id = $2"
    " ORDER BY r.contract_id, r.side, r.effective_from",
    workspace_id, organization_id));
}

std::vector<rate_row> load_workspace_rates(pqxx::transaction_base& tx, db_id workspace_id) {
  return rates_from(tx.exec_params(
    "SELECT contract_id, side, effective_from - date '1970-01-01', rate::text, currency"
    " FROM upwork_contract_rates WHERE workspace_id = $1"
    " ORDER BY contract_id, side, effective_from",
    workspace_id));
}

// ---- day totals and cursors -----------------------------------------------------------

std::vector<day_total> load_day_totals(pqxx::transaction_base& tx, db_id workspace_id,
                                       const std::string& contract_id, std::int64_t first_day) {
  auto rows = tx.exec_params("SELECT day - date '1970-01-01', seconds FROM upwork_day_totals"
                             " WHERE workspace_id = $1 AND contract_id = $2"
                             "   AND day >= date '1970-01-01' + $3::integer ORDER BY day",
                             workspace_id, contract_id, static_cast<std::int32_t>(first_day));
  std::vector<day_total> out;
  out.reserve(rows.size());
  for (const auto& r : rows)
    out.push_back(day_total{r[0].as<std::int64_t>(), r[1].as<std::int32_t>()});
  return out;
}

std::optional<cursor_record> load_cursor(pqxx::transaction_base& tx, db_id workspace_id,
                                         const std::string& contract_id) {
  auto rows = tx.exec_params(std::string{"SELECT "} + cursor_columns
                               + " FROM upwork_sync_cursors WHERE workspace_id = $1"
                                 " AND contract_id = $2",
                             workspace_id, contract_id);
  if (rows.empty())
    return std::nullopt;
  return cursor_from_row(rows[0]);
}

std::vector<cursor_record> load_organization_cursors(pqxx::transaction_base& tx,
                                                     db_id workspace_id,
                                                     const std::string& organization_id) {
  auto rows = tx.exec_params(std::string{"SELECT "} + cursor_columns
                               + " FROM upwork_sync_cursors WHERE workspace_id = $1"
                                 " AND contract_id IN (SELECT id FROM upwork_contracts"
                                 "   WHERE workspace_id = $1 AND organization_id = $2)"
                                 " ORDER BY contract_id",
                             workspace_id, organization_id);
  std::vector<cursor_record> out;
  out.reserve(rows.size());
  for (const auto& r : rows)
    out.push_back(cursor_from_row(r));
  return out;
}

void set_cursor_error(pqxx::transaction_base& tx, db_id workspace_id,
                      const std::string& contract_id, const std::optional<std::string>& error) {
  tx.exec_params0("INSERT INTO upwork_sync_cursors (workspace_id, contract_id, last_error)"
                  " VALUES ($1, $2, $3) ON CONFLICT (workspace_id, contract_id)"
                  " DO UPDATE SET last_error = EXCLUDED.last_error",
                  workspace_id, contract_id, error);
}

// ---- what syncs -----------------------------------------------------------------------

std::vector<sync_target> list_sync_targets_at(pqxx::transaction_base& tx, std::int64_t now,
                                              std::optional<db_id> workspace_id,
                                              const std::optional<std::string>& organization_id) {
  return targets_from(tx.exec_params(sync_target_query, as_text(workspace_id), organization_id,
                                     domain::billing_week::closing_grace_cutoff(now)));
}

std::vector<sync_target> list_sync_targets(pqxx::transaction_base& tx) {
  return list_sync_targets_at(tx, system_now(), std::nullopt, std::nullopt);
}

std::vector<sync_target> list_sync_targets(pqxx::transaction_base& tx, db_id workspace_id) {
  return list_sync_targets_at(tx, system_now(), workspace_id, std::nullopt);
}

std::vector<sync_target> list_sync_targets(pqxx::transaction_base& tx, db_id workspace_id,
                                           const std::string& organization_id) {
  return list_sync_targets_at(tx, system_now(), workspace_id, organization_id);
}

std::optional<std::vector<std::string>> diagnose(pqxx::transaction_base& tx, db_id workspace_id,
                                                 const std::string& contract_id,
                                                 std::optional<std::int64_t> now) {
  contract_diagnosis::facts_filter one;
  one.contract_id = contract_id;
  auto facts = contract_diagnosis::load_facts(tx, workspace_id, one);
  if (facts.empty())
    return std::nullopt;
  return contract_diagnosis::diagnose(facts[0], now.value_or(system_now())).reasons;
}

} // namespace upsync::storage::upwork_store
