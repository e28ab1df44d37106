-- Sync history (issue 20): every organization cycle, import and refresh as a run, what it
-- read and wrote and how it ended. Consecutive idle cycles (succeeded, nothing read) share
-- one row (`cycles` counts them), so a quiet organization on a 5-minute interval adds a row
-- only when something happens; rows older than the retention are pruned by the engine.
CREATE TABLE upwork_sync_runs (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id       bigint NOT NULL,
  organization_id    text NOT NULL,
  kind               text NOT NULL CHECK (kind IN ('cycle', 'import', 'refresh')),
  started_at         timestamptz NOT NULL,
  finished_at        timestamptz NOT NULL,
  result             text NOT NULL CHECK (result IN ('succeeded', 'partial', 'failed')),
  cycles             integer NOT NULL DEFAULT 1 CHECK (cycles >= 1),
  contract_days_read integer NOT NULL DEFAULT 0 CHECK (contract_days_read >= 0),
  cells_written      integer NOT NULL DEFAULT 0 CHECK (cells_written >= 0),
  intervals_written  integer NOT NULL DEFAULT 0 CHECK (intervals_written >= 0),
  requests           integer NOT NULL DEFAULT 0 CHECK (requests >= 0),
  error              text CHECK (error IS NULL OR length(error) <= 500),
  FOREIGN KEY (workspace_id, organization_id) REFERENCES upwork_organizations (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX upwork_sync_runs_by_organization ON upwork_sync_runs (workspace_id, organization_id, id DESC);
CREATE INDEX upwork_sync_runs_by_age ON upwork_sync_runs (finished_at);
