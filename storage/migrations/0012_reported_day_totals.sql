-- Reconciliation (issue 16): what Upwork's time report says per contract-day, as the
-- engine last read it. Every cycle reads these totals anyway (they decide which days to
-- fetch); upwork_day_totals keeps them only for days whose cells were synced, so a day
-- Upwork reports but upsync has not synced yet ("pending") or a day Upwork reduced would
-- not show there. The engine writes a row only when Upwork's number changes
-- (storage/reported_days.cpp); a day Upwork stops reporting is set to 0, not deleted, so
-- reported_at says when that was seen. GET /api/v1/upwork/contracts/{id}/reconciliation
-- and the status dashboard put these beside the ledger (upwork_cells) and the intervals.
CREATE TABLE upwork_reported_days (
  workspace_id  bigint NOT NULL,
  contract_id   text NOT NULL,
  day           date NOT NULL,
  seconds       integer NOT NULL CHECK (seconds >= 0),
  reported_at   timestamptz NOT NULL DEFAULT now(), -- when the engine saw this number first
  PRIMARY KEY (workspace_id, contract_id, day),
  FOREIGN KEY (workspace_id, contract_id) REFERENCES upwork_contracts (workspace_id, id)
);
