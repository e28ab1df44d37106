-- Webhooks (issue 20). An event is written to the outbox in the same transaction as what it
-- reports, with one delivery per endpoint that asked for its type, so that nothing is lost on
-- a crash: a delivery is sent at least once, under the event's stable id, and retried with
-- backoff for a day. A deleted endpoint's pending deliveries stop; its history stays.
CREATE TABLE webhook_endpoints (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id  bigint NOT NULL REFERENCES workspaces (id),
  url           text NOT NULL CHECK (length(url) BETWEEN 1 AND 2000),
  events        text[] NOT NULL CHECK (cardinality(events) >= 1),
  -- The signing secret, AES-256-GCM under UPSYNC_SECRET_KEY with 'webhook:<id>' as
  -- associated data; shown once, when the endpoint is created.
  secret_enc    bytea,
  created_by    bigint NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  deleted_at    timestamptz,
  UNIQUE (workspace_id, id),
  FOREIGN KEY (workspace_id, created_by) REFERENCES members (workspace_id, id)
);

CREATE TABLE webhook_events (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id  bigint NOT NULL REFERENCES workspaces (id),
  event_id      text NOT NULL UNIQUE,   -- evt_<32 hex>: the receiver's key against duplicates
  type          text NOT NULL,
  body          text NOT NULL,          -- the JSON sent, byte for byte (what is signed)
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, id)
);

CREATE TABLE webhook_deliveries (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id     bigint NOT NULL,
  endpoint_id      bigint NOT NULL,
  event_id         bigint NOT NULL,
  state            text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  last_status      integer,
  last_error       text CHECK (last_error IS NULL OR length(last_error) <= 500),
  created_at       timestamptz NOT NULL DEFAULT now(),
  delivered_at     timestamptz,
  UNIQUE (endpoint_id, event_id),
  FOREIGN KEY (workspace_id, endpoint_id) REFERENCES webhook_endpoints (workspace_id, id),
  FOREIGN KEY (workspace_id, event_id) REFERENCES webhook_events (workspace_id, id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (workspace_id, endpoint_id, id DESC);
