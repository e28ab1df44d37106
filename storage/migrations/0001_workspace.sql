-- The time tracker's side: workspaces, members with roles, API tokens (hashed only),
-- projects and time intervals. Every row that belongs to a workspace carries its id, and
-- composite foreign keys (workspace_id, id) make cross-workspace references impossible.

CREATE TABLE workspaces (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  timezone    text NOT NULL DEFAULT 'UTC',
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE members (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id  bigint NOT NULL REFERENCES workspaces (id),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  email         text NOT NULL CHECK (length(email) BETWEEN 3 AND 320),
  role          text NOT NULL CHECK (role IN ('super_admin', 'manager', 'member')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, id)
);
CREATE UNIQUE INDEX members_email_per_workspace ON members (workspace_id, lower(email));

-- Only the SHA-256 of a token is stored: tokens are 256-bit random strings, so a fast
-- hash is enough and a stolen table reveals no usable token.
CREATE TABLE api_tokens (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id  bigint NOT NULL,
  member_id     bigint NOT NULL,
  token_hash    bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
  created_at    timestamptz NOT NULL DEFAULT now(),
  revoked_at    timestamptz,
  FOREIGN KEY (workspace_id, member_id) REFERENCES members (workspace_id, id)
);

CREATE TABLE projects (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id  bigint NOT NULL REFERENCES workspaces (id),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  client_name   text CHECK (client_name IS NULL OR length(client_name) <= 200),
  billable      boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, id)
);
CREATE UNIQUE INDEX projects_name_per_workspace ON projects (workspace_id, lower(name));

CREATE TABLE time_intervals (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id        bigint NOT NULL,
  member_id           bigint NOT NULL,
  project_id          bigint,
  started_at          timestamptz NOT NULL,
  ended_at            timestamptz NOT NULL,
  seconds             integer GENERATED ALWAYS AS (extract(epoch FROM ended_at - started_at)::integer) STORED,
  pay_rate            numeric(12, 2) CHECK (pay_rate >= 0),
  bill_rate           numeric(12, 2) CHECK (bill_rate >= 0),
  currency            text CHECK (currency ~ '^[A-Z]{3}$'),
  source              text NOT NULL CHECK (source IN ('upwork', 'manual')),
  upwork_contract_id  text,
  created_at          timestamptz NOT NULL DEFAULT now(),
  -- Set when a person changes the interval; sync never writes an interval twice anyway,
  -- but the mark lets reports and reconciliation tell edited synced time apart.
  edited_at           timestamptz,
  CHECK (ended_at > started_at),
  CHECK ((source = 'upwork') = (upwork_contract_id IS NOT NULL)),
  FOREIGN KEY (workspace_id, member_id) REFERENCES members (workspace_id, id),
  FOREIGN KEY (workspace_id, project_id) REFERENCES projects (workspace_id, id)
);
-- The interval list pages by (started_at, id) within a workspace.
CREATE INDEX time_intervals_page ON time_intervals (workspace_id, started_at, id);
CREATE INDEX time_intervals_member ON time_intervals (workspace_id, member_id, started_at, id);
CREATE INDEX time_intervals_project ON time_intervals (workspace_id, project_id, started_at, id);
