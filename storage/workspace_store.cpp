#include "storage/workspace_store.hpp"

#include "common/encoding.hpp"
#include "storage/pq_rows.hpp"
#include "storage/secrets.hpp"
#include "storage/sql_array.hpp"

#include <pqxx/pqxx>

namespace upsync::storage {

const char* to_string(role r) {
  switch (r) {
  case role::super_admin: return "super_admin";
  case role::manager: return "manager";
  case role::member: return "member";
  }
  return "member";
}

std::optional<role> role_from_string(std::string_view text) {
  if (text == "super_admin")
    return role::super_admin;
  if (text == "manager")
    return role::manager;
  if (text == "member")
    return role::member;
  return std::nullopt;
}

namespace workspace_store {

namespace {

constexpr const char* member_columns = "id, workspace_id, name, email, role";

} // namespace

member_record member_from_row(const pqxx::row& row, int first) {
  return member_record{row[first].as<db_id>(), row[first + 1].as<db_id>(), row[first + 2].as<std::string>(),
                       row[first + 3].as<std::string>(),
                       role_from_string(row[first + 4].as<std::string>()).value_or(role::member)};
}

namespace {} // namespace

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
  return member_from_row(rows[0]);
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
  return member_from_row(rows[0]);
}

std::vector<member_record> list_members(pqxx::transaction_base& tx, db_id workspace_id) {
  auto rows = tx.exec_params(
    std::string{"SELECT "} + member_columns + " FROM members WHERE workspace_id = $1 ORDER BY id", workspace_id);
  std::vector<member_record> out;
  out.reserve(rows.size());
  for (const auto& row : rows)
    out.push_back(member_from_row(row));
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
  " WHERE t.token_hash = decode($1, 'hex') AND t.revoked_at IS NULL)";

std::string token_hash_hex(const std::string& token) { return encoding::to_hex(sha256(token)); }

std::optional<member_record> authenticate(pqxx::transaction_base& tx, const std::string& token) {
  auto rows = tx.exec_params(std::string{"WITH "} + caller_cte + " SELECT * FROM caller", token_hash_hex(token));
  if (rows.empty())
    return std::nullopt;
  return member_from_row(rows[0]);
}

} // namespace workspace_store
} // namespace upsync::storage
