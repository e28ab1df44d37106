-- The Upwork side: OAuth connections (tokens encrypted), one-time OAuth states,
-- organizations, Upwork users and their member mapping, contracts and their mapping, rate
-- history, the cell ledger, per contract-day totals, sync cursors and node leases.

CREATE TABLE upwork_connections (
  id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id           bigint NOT NULL REFERENCES workspaces (id),
  created_by             bigint NOT NULL,
  status                 text NOT NULL DEFAULT 'active'
                         CHECK (status IN ('active', 'needs_reauth', 'disconnected')),
  -- AES-256-GCM: nonce || ciphertext || tag, the connection id as associated data.
  access_token_enc       bytea,
  refresh_token_enc      bytea,
  access_expires_at      timestamptz,
  refresh_rotated_at     timestamptz,
  upwork_user_id         text,
  created_at             timestamptz NOT NULL DEFAULT now(),
  updated_at             timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, id),
  FOREIGN KEY (workspace_id, created_by) REFERENCES members (workspace_id, id)
);

-- The OAuth `state`: stored hashed, one use, bound to workspace and member, expiring.
CREATE TABLE upwork_oauth_states (
  state_hash     bytea PRIMARY KEY CHECK (length(state_hash) = 32),
  workspace_id   bigint NOT NULL,
  member_id      bigint NOT NULL,
  connection_id  bigint,            -- set when re-authorizing an existing connection
  expires_at     timestamptz NOT NULL,
  used_at        timestamptz,
  FOREIGN KEY (workspace_id, member_id) REFERENCES members (workspace_id, id),
  FOREIGN KEY (workspace_id, connection_id) REFERENCES upwork_connections (workspace_id, id)
);

CREATE TABLE upwork_organizations (
  workspace_id       bigint NOT NULL REFERENCES workspaces (id),
  id                 text NOT NULL,           -- Upwork's organization id, as given
  connection_id      bigint NOT NULL,
  rid                text,
  name               text NOT NULL,
  type               text NOT NULL CHECK (type IN ('agency', 'client', 'freelancer')),
  avatar_url         text,
  selected           boolean NOT NULL DEFAULT true,
  users_count        integer NOT NULL DEFAULT 0,
  contracts_count    integer NOT NULL DEFAULT 0,
  refresh_status     text NOT NULL DEFAULT 'idle' CHECK (refresh_status IN ('idle', 'running', 'failed')),
  last_refreshed_at  timestamptz,
  last_synced_at     timestamptz,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, connection_id) REFERENCES upwork_connections (workspace_id, id)
);

CREATE TABLE upwork_users (
  workspace_id         bigint NOT NULL,
  organization_id      text NOT NULL,
  upwork_user_id       text NOT NULL,
  name                 text NOT NULL,
  email                text,
  member_id            bigint,
  suggested_member_id  bigint,
  match                text NOT NULL DEFAULT 'none' CHECK (match IN ('exact', 'close', 'none')),
  sync                 boolean NOT NULL DEFAULT false,
  locked               boolean NOT NULL DEFAULT false,
  create_member_name   text,                  -- "create new member" chosen, applied on confirm
  create_member_email  text,
  PRIMARY KEY (workspace_id, organization_id, upwork_user_id),
  FOREIGN KEY (workspace_id, organization_id) REFERENCES upwork_organizations (workspace_id, id),
  FOREIGN KEY (workspace_id, member_id) REFERENCES members (workspace_id, id),
  FOREIGN KEY (workspace_id, suggested_member_id) REFERENCES members (workspace_id, id)
);

CREATE TABLE upwork_contracts (
  workspace_id       bigint NOT NULL,
  id                 text NOT NULL,           -- Upwork's contract id
  organization_id    text NOT NULL,
  upwork_user_id     text NOT NULL,
  title              text NOT NULL,
  client_name        text,
  status             text NOT NULL CHECK (status IN ('active', 'paused', 'closed')),
  kind               text NOT NULL CHECK (kind IN ('hourly', 'fixed')),
  upwork_rate        numeric(12, 2),
  currency           text NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  project_id         bigint,
  create_project     jsonb,                   -- inline project chosen, created on confirm
  sync               boolean NOT NULL DEFAULT false,
  locked             boolean NOT NULL DEFAULT false,
  first_seen_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, organization_id, upwork_user_id)
    REFERENCES upwork_users (workspace_id, organization_id, upwork_user_id),
  FOREIGN KEY (workspace_id, project_id) REFERENCES projects (workspace_id, id)
);

-- Rates with effective dates. side 'upwork' mirrors the contract's hourlyTerms history;
-- 'pay' and 'bill' are what the manager entered. The rate in force on a day is the row
-- with the latest effective_from <= that day.
CREATE TABLE upwork_contract_rates (
  workspace_id    bigint NOT NULL,
  contract_id     text NOT NULL,
  side            text NOT NULL CHECK (side IN ('upwork', 'pay', 'bill')),
  effective_from  date NOT NULL,
  rate            numeric(12, 2) CHECK (rate >= 0),
  currency        text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  PRIMARY KEY (workspace_id, contract_id, side, effective_from),
  FOREIGN KEY (workspace_id, contract_id) REFERENCES upwork_contracts (workspace_id, id)
);

-- The ledger: every Upwork cell ever synced, keyed by (contract, cell start). It outlives
-- the interval (ON DELETE SET NULL), so a deleted or edited interval is never re-created.
CREATE TABLE upwork_cells (
  workspace_id  bigint NOT NULL,
  contract_id   text NOT NULL,
  cell_start    timestamptz NOT NULL,
  interval_id   bigint REFERENCES time_intervals (id) ON DELETE SET NULL,
  manual        boolean NOT NULL DEFAULT false,
  synced_at     timestamptz NOT NULL DEFAULT now(),
  vanished_at   timestamptz,                  -- reconciliation: gone upstream, kept here
  PRIMARY KEY (workspace_id, contract_id, cell_start),
  FOREIGN KEY (workspace_id, contract_id) REFERENCES upwork_contracts (workspace_id, id)
);
CREATE INDEX upwork_cells_interval ON upwork_cells (interval_id);

-- What Upwork's time report said per contract-day when it was last synced; a cycle only
-- fetches cells for days whose total differs.
CREATE TABLE upwork_day_totals (
  workspace_id  bigint NOT NULL,
  contract_id   text NOT NULL,
  day           date NOT NULL,
  seconds       integer NOT NULL CHECK (seconds >= 0),
  synced_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, contract_id, day),
  FOREIGN KEY (workspace_id, contract_id) REFERENCES upwork_contracts (workspace_id, id)
);

CREATE TABLE upwork_sync_cursors (
  workspace_id    bigint NOT NULL,
  contract_id     text NOT NULL,
  import_state    text NOT NULL DEFAULT 'pending'
                  CHECK (import_state IN ('pending', 'running', 'done', 'failed')),
  window_start    date,
  days_total      integer NOT NULL DEFAULT 0,
  days_done       integer NOT NULL DEFAULT 0,
  synced_through  date,                       -- last day whose cells are committed
  last_synced_at  timestamptz,
  last_error      text,
  PRIMARY KEY (workspace_id, contract_id),
  FOREIGN KEY (workspace_id, contract_id) REFERENCES upwork_contracts (workspace_id, id)
);

-- Several upsyncd nodes share one database: an organization is synced by the node that
-- holds its lease (FOR UPDATE SKIP LOCKED, heartbeat, expiry).
CREATE TABLE upwork_sync_leases (
  workspace_id     bigint NOT NULL,
  organization_id  text NOT NULL,
  node_id          text NOT NULL,
  expires_at       timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, organization_id),
  FOREIGN KEY (workspace_id, organization_id) REFERENCES upwork_organizations (workspace_id, id)
);
