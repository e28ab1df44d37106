// Every route group of the API; app/ wires them into one router.
#pragma once

#include "http/router.hpp"
#include "domain/webhook_rules.hpp"
#include "metrics/actor_overview.hpp"
#include "webhooks/host_resolver.hpp"

#include <functional>
#include <memory>
#include <optional>

namespace upsync::http {

class upwork_gateway;
class sync_control;

/// What the webhook routes need: the key that seals signing secrets, and the SSRF rule's
/// destinations with the resolver it checks them through.
struct webhook_settings {
  std::string secret_key_hex;
  domain::webhook_destinations destinations;
  webhooks::host_resolver resolve = webhooks::resolve_host;
};
/// /api/v1/webhooks: endpoints (create with its secret shown once, list, delete) and their
/// deliveries (issue 20).
void add_webhook_routes(router& r, webhook_settings settings);

/// /healthz and /readyz. `ready` answers whether the database and actor system run.
void add_health_routes(router& r, std::function<bool()> ready);
/// /api/v1/me and /api/v1/members.
void add_member_routes(router& r);
/// /api/v1/projects.
void add_project_routes(router& r);
/// /api/v1/time-intervals.
void add_interval_routes(router& r);
/// /api/v1/upwork/connections and the OAuth callback; Upwork through `gateway`; the
/// engine (`control`, may be null) hears of connections added, re-authorized, disconnected.
void add_upwork_connection_routes(router& r, std::shared_ptr<const upwork_gateway> gateway,
                                  std::shared_ptr<sync_control> control = nullptr);
/// /api/v1/upwork/wizard/accounts (step 1); `import_days` is shown as sync info.
void add_upwork_wizard_account_routes(router& r, int import_days, std::shared_ptr<sync_control> control = nullptr);
/// Wizard step 2 (mapping): /api/v1/upwork/wizard/mapping, user and contract edits,
/// unlock, and refresh from Upwork (queued to the sync engine through `control`).
void add_upwork_wizard_mapping_routes(router& r, std::shared_ptr<const upwork_gateway> gateway,
                                      std::shared_ptr<sync_control> control = nullptr);
/// /api/v1/upwork/wizard/review and /confirm (step 3); confirm's cursors count `import_days`.
void add_upwork_wizard_review_routes(router& r, int import_days, std::shared_ptr<sync_control> control = nullptr);
/// /api/v1/upwork/status (dashboard) and /api/v1/upwork/contracts/{id}/diagnosis.
void add_upwork_status_routes(router& r);
/// GET /api/v1/upwork/organizations/{org_id}/runs: the sync history (manager).
void add_upwork_run_routes(router& r);
/// GET /api/v1/upwork/contracts/{id}/reconciliation: Upwork's daily totals beside what synced.
void add_upwork_reconciliation_routes(router& r);
/// GET /metrics: `registry` as Prometheus text 0.0.4. With a `token`, only a request
/// bearing it is answered (401 otherwise); without, anyone who reaches the listener.
void add_metrics_route(router& r, std::shared_ptr<const metrics::registry> registry, std::string token = {});
/// GET /api/v1/admin/actors (super admin): `overview` (nullopt: metrics off, 503).
void add_admin_routes(router& r, std::function<std::optional<metrics::actor_overview>()> overview);

} // namespace upsync::http
