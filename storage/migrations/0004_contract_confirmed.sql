-- F6: a contract starts syncing when the manager confirms it in wizard step 3, not when a
-- project is chosen in step 2. confirmed_at marks what "Start sync" confirmed; later edits
-- (project, sync off and on) apply at once, while a contract found later (refresh) waits
-- for its own review and confirm.
ALTER TABLE upwork_contracts ADD COLUMN confirmed_at timestamptz;

-- Contracts a confirm already started before this column existed (locked by it, or given a
-- sync cursor) keep syncing.
UPDATE upwork_contracts c SET confirmed_at = now()
 WHERE c.locked
    OR EXISTS (SELECT 1 FROM upwork_sync_cursors k
                WHERE k.workspace_id = c.workspace_id AND k.contract_id = c.id);
