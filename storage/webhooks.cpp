// Webhook endpoints, the outbox and its deliveries (see webhooks.hpp).
#include "storage/webhooks.hpp"

#include "common/encoding.hpp"
#include "common/json_writer.hpp"
#include "common/time_format.hpp"
#include "storage/sql_array.hpp"

#include <pqxx/pqxx>

namespace upsync::storage::webhooks {

namespace {

std::vector<std::string> split_events(const std::string& joined) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= joined.size() && !joined.empty()) {
    auto comma = joined.find(',', start);
    out.push_back(joined.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos)
      break;
    start = comma + 1;
  }
  return out;
}

template <class T>
std::optional<T> nullable(const pqxx::field& f) {
  return f.is_null() ? std::nullopt : std::optional<T>{f.as<T>()};
}

} // namespace

endpoint create_endpoint(pqxx::transaction_base& tx, db_id workspace_id, db_id created_by, const std::string& url,
                         const std::vector<std::string>& events, const secret_key& key, const std::string& secret) {
  auto row = tx.exec_params1("INSERT INTO webhook_endpoints (workspace_id, url, events, created_by)"
                             " VALUES ($1, $2, $3::text[], $4) RETURNING id, extract(epoch FROM created_at)::bigint",
                             workspace_id, url, to_array_literal(events), created_by);
  endpoint e{row[0].as<db_id>(), workspace_id, url, events, row[1].as<std::int64_t>()};
  // Sealed with its own id as associated data: a secret copied to another row does not open.
  tx.exec_params0("UPDATE webhook_endpoints SET secret_enc = decode($2, 'hex') WHERE id = $1", e.id,
                  encoding::to_hex(encrypt(key, secret, secret_aad(e.id))));
  return e;
}

std::vector<endpoint> list_endpoints(pqxx::transaction_base& tx, db_id workspace_id) {
  std::vector<endpoint> out;
  for (const auto& row : tx.exec_params("SELECT id, url, array_to_string(events, ','),"
                                        " extract(epoch FROM created_at)::bigint FROM webhook_endpoints"
                                        " WHERE workspace_id = $1 AND deleted_at IS NULL ORDER BY id",
                                        workspace_id))
    out.push_back({row[0].as<db_id>(), workspace_id, row[1].as<std::string>(), split_events(row[2].as<std::string>()),
                   row[3].as<std::int64_t>()});
  return out;
}

bool endpoint_exists(pqxx::transaction_base& tx, db_id workspace_id, db_id id) {
  return !tx.exec_params("SELECT 1 FROM webhook_endpoints WHERE workspace_id = $1 AND id = $2 AND deleted_at IS NULL",
                         workspace_id, id)
            .empty();
}

bool delete_endpoint(pqxx::transaction_base& tx, db_id workspace_id, db_id id) {
  return !tx.exec_params("UPDATE webhook_endpoints SET deleted_at = now()"
                         " WHERE workspace_id = $1 AND id = $2 AND deleted_at IS NULL RETURNING id",
                         workspace_id, id)
            .empty();
}

std::optional<std::string> enqueue(pqxx::transaction_base& tx, db_id workspace_id, const std::string& type,
                                   const std::string& data, std::int64_t now) {
  auto wanted = tx.exec_params("SELECT id FROM webhook_endpoints WHERE workspace_id = $1 AND deleted_at IS NULL"
                               " AND $2 = ANY(events)",
                               workspace_id, type);
  if (wanted.empty())
    return std::nullopt; // nobody listens: no outbox row
  auto event_id = "evt_" + encoding::to_hex(random_bytes(16));
  json::writer w;
  w.begin_object()
    .field("id", event_id)
    .field("type", type)
    .field("created_at", time_format::format_rfc3339(now))
    .field("workspace_id", std::to_string(workspace_id))
    .key("data")
    .raw(data)
    .end_object();
  tx.exec_params0("WITH e AS (INSERT INTO webhook_events (workspace_id, event_id, type, body)"
                  "           VALUES ($1, $2, $3, $4) RETURNING id)"
                  " INSERT INTO webhook_deliveries (workspace_id, endpoint_id, event_id)"
                  " SELECT $1, p.id, e.id FROM webhook_endpoints p, e"
                  " WHERE p.workspace_id = $1 AND p.deleted_at IS NULL AND $3 = ANY(p.events)",
                  workspace_id, event_id, type, std::move(w).str());
  return event_id;
}

bool set_connection_status(pqxx::transaction_base& tx, db_id workspace_id, db_id connection_id,
                           const std::string& status, std::int64_t now) {
  auto rows = tx.exec_params("UPDATE upwork_connections c SET status = $3, updated_at = now()"
                             " FROM (SELECT status FROM upwork_connections WHERE workspace_id = $1 AND id = $2"
                             "       FOR UPDATE) old"
                             " WHERE c.workspace_id = $1 AND c.id = $2 RETURNING old.status",
                             workspace_id, connection_id, status);
  if (rows.empty())
    return false;
  const auto before = rows[0][0].as<std::string>();
  const char* type = status == "needs_reauth" && before == "active"         ? "connection.needs_reauth"
                     : status == "active" && before != "active"             ? "connection.recovered"
                     : status == "disconnected" && before != "disconnected" ? "connection.disconnected"
                                                                            : nullptr;
  if (type) {
    json::writer w;
    w.begin_object().field("connection_id", std::to_string(connection_id)).field("previous_status", before);
    w.end_object();
    enqueue(tx, workspace_id, type, std::move(w).str(), now);
  }
  return true;
}

std::vector<delivery> list_deliveries(pqxx::transaction_base& tx, db_id workspace_id, db_id endpoint_id, int limit) {
  std::vector<delivery> out;
  for (const auto& row :
       tx.exec_params("SELECT d.id, e.event_id, e.type, d.state, d.attempts, d.last_status, d.last_error,"
                      " extract(epoch FROM d.created_at)::bigint, extract(epoch FROM d.delivered_at)::bigint,"
                      " CASE WHEN d.state = 'pending' THEN extract(epoch FROM d.next_attempt_at)::bigint END"
                      " FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id"
                      " WHERE d.workspace_id = $1 AND d.endpoint_id = $2 ORDER BY d.id DESC LIMIT $3",
                      workspace_id, endpoint_id, limit)) {
    delivery d;
    d.id = row[0].as<db_id>();
    d.event_id = row[1].as<std::string>();
    d.type = row[2].as<std::string>();
    d.state = row[3].as<std::string>();
    d.attempts = row[4].as<std::int64_t>();
    d.last_status = nullable<std::int64_t>(row[5]);
    d.last_error = nullable<std::string>(row[6]);
    d.created_at = row[7].as<std::int64_t>();
    d.delivered_at = nullable<std::int64_t>(row[8]);
    d.next_attempt_at = nullable<std::int64_t>(row[9]);
    out.push_back(std::move(d));
  }
  return out;
}

std::vector<due_delivery> claim_due(pqxx::transaction_base& tx, int limit, int lease_seconds) {
  // SKIP LOCKED: two dispatchers (two nodes) never claim the same delivery at once.
  auto rows =
    tx.exec_params("WITH due AS (SELECT d.id FROM webhook_deliveries d JOIN webhook_endpoints p ON p.id = d.endpoint_id"
                   "             WHERE d.state = 'pending' AND d.next_attempt_at <= now() AND p.deleted_at IS NULL"
                   "             ORDER BY d.next_attempt_at LIMIT $1 FOR UPDATE OF d SKIP LOCKED)"
                   " UPDATE webhook_deliveries d SET next_attempt_at = now() + make_interval(secs => $2)"
                   " FROM due, webhook_endpoints p, webhook_events e"
                   " WHERE d.id = due.id AND p.id = d.endpoint_id AND e.id = d.event_id"
                   " RETURNING d.id, p.id, p.url, encode(p.secret_enc, 'hex'), e.event_id, e.type, e.body, d.attempts,"
                   "           extract(epoch FROM now() - e.created_at)::bigint",
                   limit, lease_seconds);
  std::vector<due_delivery> out;
  for (const auto& row : rows)
    out.push_back({row[0].as<db_id>(), row[1].as<db_id>(), row[2].as<std::string>(),
                   encoding::from_hex(row[3].is_null() ? "" : row[3].as<std::string>()).value_or(""),
                   row[4].as<std::string>(), row[5].as<std::string>(), row[6].as<std::string>(),
                   row[7].as<std::int64_t>(), row[8].as<std::int64_t>()});
  return out;
}

void delivered(pqxx::transaction_base& tx, db_id id, int status) {
  tx.exec_params0("UPDATE webhook_deliveries SET state = 'delivered', attempts = attempts + 1, last_status = $2,"
                  " last_error = NULL, delivered_at = now() WHERE id = $1",
                  id, status);
}

void attempt_failed(pqxx::transaction_base& tx, db_id id, int status, const std::string& error,
                    std::optional<std::int64_t> retry_in_seconds) {
  std::optional<int> shown_status;
  if (status > 0)
    shown_status = status;
  tx.exec_params0("UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = $2, last_error = $3,"
                  " state = CASE WHEN $4::bigint IS NULL THEN 'failed' ELSE 'pending' END,"
                  " next_attempt_at = CASE WHEN $4::bigint IS NULL THEN next_attempt_at"
                  "   ELSE now() + make_interval(secs => $4::bigint) END"
                  " WHERE id = $1",
                  id, shown_status, error.substr(0, 500), retry_in_seconds);
}

} // namespace upsync::storage::webhooks
