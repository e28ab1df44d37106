// Webhooks in PostgreSQL (migration 0018): a workspace's endpoints, the outbox of events
// written in the transaction of what they report, and the deliveries the dispatcher sends.
#pragma once

#include "storage/records.hpp"
#include "storage/secrets.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/types.hxx>

namespace upsync::storage::webhooks {

struct endpoint {
  db_id id = 0;
  db_id workspace_id = 0;
  std::string url;
  std::vector<std::string> events;
  std::int64_t created_at = 0; ///< Unix seconds
};

/// The associated data an endpoint's secret is sealed with.
inline std::string secret_aad(db_id endpoint_id) { return "webhook:" + std::to_string(endpoint_id); }

/// Creates an endpoint with its signing `secret` sealed under `key`.
endpoint create_endpoint(pqxx::transaction_base& tx, db_id workspace_id, db_id created_by, const std::string& url,
                         const std::vector<std::string>& events, const secret_key& key, const std::string& secret);
/// The workspace's endpoints not deleted, oldest first.
std::vector<endpoint> list_endpoints(pqxx::transaction_base& tx, db_id workspace_id);
/// Whether the workspace has this endpoint, not deleted.
bool endpoint_exists(pqxx::transaction_base& tx, db_id workspace_id, db_id id);
/// Deletes it: no delivery of it is sent any more. False when there is no such endpoint.
bool delete_endpoint(pqxx::transaction_base& tx, db_id workspace_id, db_id id);

/// Writes an event to the outbox, with a delivery for every endpoint of the workspace that
/// asked for `type`; nothing when none did. `data` is a JSON object. Returns its event id
/// (evt_…), or none when no endpoint wants it.
std::optional<std::string> enqueue(pqxx::transaction_base& tx, db_id workspace_id, const std::string& type,
                                   const std::string& data, std::int64_t now);

/// The status of a connection changes to `status`, and the webhook event of that change
/// (connection.needs_reauth, .recovered, .disconnected) goes to the outbox in the same
/// transaction — once per change: setting the status it has already sends nothing. False
/// when there is no such connection.
bool set_connection_status(pqxx::transaction_base& tx, db_id workspace_id, db_id connection_id,
                           const std::string& status, std::int64_t now);

/// A delivery as its endpoint's history shows it.
struct delivery {
  db_id id = 0;
  std::string event_id;
  std::string type;
  std::string state; ///< pending | delivered | failed
  std::int64_t attempts = 0;
  std::optional<std::int64_t> last_status;
  std::optional<std::string> last_error;
  std::int64_t created_at = 0; ///< Unix seconds
  std::optional<std::int64_t> delivered_at;
  std::optional<std::int64_t> next_attempt_at; ///< while pending
};
/// The endpoint's deliveries, newest first.
std::vector<delivery> list_deliveries(pqxx::transaction_base& tx, db_id workspace_id, db_id endpoint_id, int limit);

/// What the dispatcher sends: a due delivery with its endpoint and event.
struct due_delivery {
  db_id id = 0;
  db_id endpoint_id = 0;
  std::string url;
  std::string secret_enc; ///< sealed bytes
  std::string event_id;
  std::string type;
  std::string body;
  std::int64_t attempts = 0;    ///< before this one
  std::int64_t age_seconds = 0; ///< since the event
};
/// Claims up to `limit` due deliveries: each is held for `lease_seconds` (a node that dies
/// while sending leaves it to be sent again after the lease: at least once).
std::vector<due_delivery> claim_due(pqxx::transaction_base& tx, int limit, int lease_seconds);
/// The outcome of one attempt: delivered, or tried again in `retry_in_seconds`, or failed
/// for good (no retry). `status` 0: no HTTP answer.
void delivered(pqxx::transaction_base& tx, db_id id, int status);
void attempt_failed(pqxx::transaction_base& tx, db_id id, int status, const std::string& error,
                    std::optional<std::int64_t> retry_in_seconds);

} // namespace upsync::storage::webhooks
