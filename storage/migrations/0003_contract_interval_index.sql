-- The status dashboard reads a contract's intervals (hours today, the last 10 entries) and
-- the engine's tests and reconciliation look them up by contract: index that path.
CREATE INDEX time_intervals_contract ON time_intervals (workspace_id, upwork_contract_id, started_at DESC)
  WHERE upwork_contract_id IS NOT NULL;
