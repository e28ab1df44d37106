-- Failures made visible (issue 16): per contract the last error, the time of the last
-- success and the failed cycles in a row, next to its cursor. The engine writes them only
-- when they change (a failed cycle, the first success after failures), never per idle
-- cycle (storage/sync_health.cpp).
--
-- * last_error (since 0002) holds the error's short, secret-free text; last_error_code its
--   machine code (upwork_error, rate_limited, unavailable, timeout, database, internal),
--   last_error_at when it happened. They stay after a recovery: the last error, as history.
-- * failures_in_a_row: failed cycles since the last success; 0 when healthy. At
--   sync_health::failing_after (3) or more the contract shows import state `failed` and the
--   diagnosis `sync_failing`; import_state itself keeps the import's progress, so a
--   recovery needs nothing restored.
-- * last_success_at: set by the first success after failures and, at the first failure,
--   to the last success known then (the cursor's last commit or the organization's last
--   complete cycle); while healthy the status page shows the later of those.
ALTER TABLE upwork_sync_cursors
  ADD COLUMN last_error_code   text,
  ADD COLUMN last_error_at     timestamptz,
  ADD COLUMN last_success_at   timestamptz,
  ADD COLUMN failures_in_a_row integer NOT NULL DEFAULT 0 CHECK (failures_in_a_row >= 0);
