-- The writer clears a cell's vanished mark when Upwork lists it again. Few cells ever
-- vanish, so a partial index over just those makes that check cost nothing per batch,
-- where it used to scan the whole ledger (it grew with every import).
CREATE INDEX upwork_cells_vanished ON upwork_cells (workspace_id, contract_id, cell_start)
  WHERE vanished_at IS NOT NULL;
