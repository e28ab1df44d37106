#include "storage/workspace_store.hpp"

#include "common/encoding.hpp"
#include "storage/pq_rows.hpp"
#include "storage/secrets.hpp"
#include "storage/sql_array.hpp"

#include <pqxx/pqxx>

namespace upsync::storage {

namespace workspace_store {

namespace {

constexpr const char* member_columns = "id, workspace_id, name, email, role, deactivated_at IS NULL";

// member_from_row's five columns, then whether the member is active.
member_record member_with_state(const pqxx::row& row) {
  auto m = member_from_row(row);
  m.active = row[5].as<bool>();
  return m;
}

} // namespace

member_record member_from_row(const pqxx::row& row, int first) {
  return member_record{row[first].as<db_id>(), row[first + 1].as<db_id>(), row[first + 2].as<std::string>(),
                       row[first + 3].as<std::string>(),
                       role_from_string(row[first + 4].as<std::string>()).value_or(role::member)};
}

workspace_record create_workspace(pqxx::transaction_base& tx, const std::string& name, const std::string& timezone) {
  auto row = tx.exec_params1("INSERT INTO workspaces (name, timezone) VALUES ($1, $2) RETURNING id", name, timezone);
  return workspace_record{row[0].as<db_id>(), name, timezone};
}

std::optional<workspace_record> find_workspace(pqxx::transaction_base& tx, db_id id) {
  auto rows = tx.exec_params("SELECT id, name, timezone FROM workspaces WHERE id = $1", id);
  if (rows.empty())
    return std::nullopt;
  return workspace_record{rows[0][0].as<db_id>(), rows[0][1].as<std::string>(), rows[0][2].as<std::string>()};
}

member_record create_member(pqxx::transaction_base& tx, db_id workspace_id, const std::string& name,
                            const std::string& email, role member_role) {
  // ON CONFLICT keeps the transaction usable: a failed INSERT would abort it.
  auto rows = tx.exec_params(std::string{"INSERT INTO members (workspace_id, name, email, role) "
                                         "VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING "}
                               + member_columns,
                             workspace_id, name, email, std::string{to_string(member_role)});
  if (rows.empty())
    throw duplicate_error("a member with this email already exists");
  return member_with_state(rows[0]);
}

std::vector<std::optional<db_id>> create_members(pqxx::transaction_base& tx, db_id workspace_id,
                                                 const std::vector<new_member>& members, role member_role) {
  if (members.empty())
    return {};
  std::vector<std::string> names, emails;
  for (const auto& m : members) {
    names.push_back(m.name);
    emails.push_back(m.email);
  }
  // In the given order, so ids ascend as the one-by-one creation gave them.
  auto rows = tx.exec_params("INSERT INTO members (workspace_id, name, email, role)"
                             " SELECT $1, t.name, t.email, $4::text"
                             " FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS t(name, email, n) ORDER BY t.n"
                             " ON CONFLICT DO NOTHING RETURNING id, email",
                             workspace_id, to_array_literal(names), to_array_literal(emails),
                             std::string{to_string(member_role)});
  return ids_in_order(rows, emails);
}

std::optional<member_record> find_member(pqxx::transaction_base& tx, db_id workspace_id, db_id id) {
  auto rows = tx.exec_params(
    std::string{"SELECT "} + member_columns + " FROM members WHERE workspace_id = $1 AND id = $2", workspace_id, id);
  if (rows.empty())
    return std::nullopt;
  return member_with_state(rows[0]);
}

std::vector<member_record> list_members(pqxx::transaction_base& tx, db_id workspace_id) {
  auto rows = tx.exec_params(
    std::string{"SELECT "} + member_columns + " FROM members WHERE workspace_id = $1 ORDER BY id", workspace_id);
  std::vector<member_record> out;
  out.reserve(rows.size());
  for (const auto& row : rows)
    out.push_back(member_with_state(row));
  return out;
}

std::string issue_token(pqxx::transaction_base& tx, db_id workspace_id, db_id member_id) {
  std::string token = new_api_token();
  tx.exec_params0("INSERT INTO api_tokens (workspace_id, member_id, token_hash) "
                  "VALUES ($1, $2, decode($3, 'hex'))",
                  workspace_id, member_id, encoding::to_hex(sha256(token)));
  return token;
}

const char* const caller_cte =
  "caller AS (SELECT m.id, m.workspace_id, m.name, m.email, m.role"
  " FROM api_tokens t JOIN members m ON m.workspace_id = t.workspace_id AND m.id = t.member_id"
  " WHERE t.token_hash = decode($1, 'hex') AND t.revoked_at IS NULL AND m.deactivated_at IS NULL)";

member_record set_role(pqxx::transaction_base& tx, const member_record& m, role new_role) {
  tx.exec_params0("UPDATE members SET role = $3 WHERE workspace_id = $1 AND id = $2", m.workspace_id, m.id,
                  std::string{to_string(new_role)});
  auto changed = m;
  changed.member_role = new_role;
  return changed;
}

member_record set_active(pqxx::transaction_base& tx, const member_record& m, bool active) {
  // Deactivating keeps the first date; reactivating clears it. Tokens stay as they are: a
  // reactivated member's unrevoked tokens work again.
  tx.exec_params0("UPDATE members SET deactivated_at = CASE WHEN $3 THEN NULL ELSE COALESCE(deactivated_at, now()) END"
                  " WHERE workspace_id = $1 AND id = $2",
                  m.workspace_id, m.id, active);
  auto changed = m;
  changed.active = active;
  return changed;
}

std::int64_t lock_active_super_admins(pqxx::transaction_base& tx, db_id workspace_id) {
  // The workspace's row serializes every role change of the workspace: two super admins
  // demoting each other at once cannot both see the other still there.
  tx.exec_params("SELECT 1 FROM workspaces WHERE id = $1 FOR UPDATE", workspace_id);
  return tx
    .exec_params1("SELECT count(*) FROM members WHERE workspace_id = $1 AND role = 'super_admin'"
                  " AND deactivated_at IS NULL",
                  workspace_id)[0]
    .as<std::int64_t>();
}

std::vector<token_record> list_tokens(pqxx::transaction_base& tx, db_id workspace_id, db_id member_id) {
  std::vector<token_record> out;
  for (const auto& row :
       tx.exec_params("SELECT id, extract(epoch FROM created_at)::bigint, extract(epoch FROM revoked_at)::bigint"
                      " FROM api_tokens WHERE workspace_id = $1 AND member_id = $2 ORDER BY id DESC",
                      workspace_id, member_id))
    out.push_back(
      token_record{row[0].as<db_id>(), row[1].as<std::int64_t>(),
                   row[2].is_null() ? std::nullopt : std::optional<std::int64_t>{row[2].as<std::int64_t>()}});
  return out;
}

std::optional<token_record> revoke_token(pqxx::transaction_base& tx, db_id workspace_id, db_id member_id,
                                         db_id token_id) {
  auto rows = tx.exec_params("UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, now())"
                             " WHERE workspace_id = $1 AND member_id = $2 AND id = $3"
                             " RETURNING id, extract(epoch FROM created_at)::bigint,"
                             " extract(epoch FROM revoked_at)::bigint",
                             workspace_id, member_id, token_id);
  if (rows.empty())
    return std::nullopt;
  return token_record{rows[0][0].as<db_id>(), rows[0][1].as<std::int64_t>(), rows[0][2].as<std::int64_t>()};
}

std::string token_hash_hex(const std::string& token) { return encoding::to_hex(sha256(token)); }

std::optional<member_record> authenticate(pqxx::transaction_base& tx, const std::string& token) {
  auto rows = tx.exec_params(std::string{"WITH "} + caller_cte + " SELECT * FROM caller", token_hash_hex(token));
  if (rows.empty())
    return std::nullopt;
  return member_from_row(rows[0]);
}

} // namespace workspace_store
} // namespace upsync::storage
