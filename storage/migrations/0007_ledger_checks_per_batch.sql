-- The ledger (upwork_cells) is by far the largest table, and a first import writes
-- hundreds of thousands of its rows. Its two foreign keys checked every row on its own: a
-- lookup and a row lock in upwork_contracts, another in time_intervals, about a third of
-- the writer's database time (docs/benchmarks.md, "Import"). Their guarantees stay, kept
-- per batch on the writing side and by triggers on the rarely changed side:
--
-- * A ledger row's contract exists in its workspace: the sync writer, the ledger's one
--   writer, checks the batch's few contracts and locks them FOR KEY SHARE (the lock the
--   foreign key took) before it inserts, and refuses the batch with SQLSTATE 23503
--   otherwise (storage/sync_writer.cpp). Here: a contract that ledger rows name cannot be
--   deleted or change its key (the foreign key's NO ACTION).
-- * A ledger row's interval_id names an interval or is NULL: the writer creates the
--   interval in the statement that inserts the row. Here: deleting an interval sets its
--   ledger rows' interval_id to NULL (the foreign key's ON DELETE SET NULL), so the ledger
--   still remembers the cell and sync never recreates the deleted time.
ALTER TABLE upwork_cells DROP CONSTRAINT upwork_cells_workspace_id_contract_id_fkey;
ALTER TABLE upwork_cells DROP CONSTRAINT upwork_cells_interval_id_fkey;

CREATE FUNCTION upsync_ledger_contract_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    -- After every table the TRUNCATE names is emptied, so truncating both is allowed.
    IF EXISTS (SELECT 1 FROM upwork_cells) THEN
      RAISE EXCEPTION 'upwork_contracts is still referenced from upwork_cells'
        USING ERRCODE = 'foreign_key_violation', TABLE = 'upwork_contracts';
    END IF;
  ELSIF EXISTS (SELECT 1 FROM upwork_cells c
                WHERE c.workspace_id = OLD.workspace_id AND c.contract_id = OLD.id) THEN
    RAISE EXCEPTION 'contract % of workspace % is still referenced from upwork_cells',
      OLD.id, OLD.workspace_id
      USING ERRCODE = 'foreign_key_violation', TABLE = 'upwork_contracts';
  END IF;
  RETURN NULL;
END $$;

-- Row triggers: contracts are deleted or re-keyed rarely if ever, and each check is one
-- probe of the ledger's primary key.
CREATE TRIGGER upwork_contracts_ledger_delete AFTER DELETE ON upwork_contracts
  FOR EACH ROW EXECUTE FUNCTION upsync_ledger_contract_kept();
CREATE TRIGGER upwork_contracts_ledger_rekey AFTER UPDATE OF workspace_id, id ON upwork_contracts
  FOR EACH ROW WHEN (OLD.workspace_id IS DISTINCT FROM NEW.workspace_id OR OLD.id IS DISTINCT FROM NEW.id)
  EXECUTE FUNCTION upsync_ledger_contract_kept();
CREATE TRIGGER upwork_contracts_ledger_truncate AFTER TRUNCATE ON upwork_contracts
  FOR EACH STATEMENT EXECUTE FUNCTION upsync_ledger_contract_kept();

-- One statement per DELETE, however many intervals it removes; upwork_cells_interval
-- (interval_id) finds their cells.
CREATE FUNCTION upsync_ledger_forget_intervals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    UPDATE upwork_cells SET interval_id = NULL WHERE interval_id IS NOT NULL;
  ELSE
    UPDATE upwork_cells SET interval_id = NULL
    WHERE interval_id IN (SELECT id FROM deleted_intervals);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER time_intervals_ledger_forget AFTER DELETE ON time_intervals
  REFERENCING OLD TABLE AS deleted_intervals
  FOR EACH STATEMENT EXECUTE FUNCTION upsync_ledger_forget_intervals();
CREATE TRIGGER time_intervals_ledger_truncate AFTER TRUNCATE ON time_intervals
  FOR EACH STATEMENT EXECUTE FUNCTION upsync_ledger_forget_intervals();
