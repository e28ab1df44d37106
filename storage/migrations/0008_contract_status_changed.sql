-- Issue 16: time that arrives after a contract ends. Upwork accepts edits to a billing week
-- (and late uploads) until the Monday 12:00 UTC after it, so a contract that was syncing
-- keeps syncing the days Upwork can still change until the week of its last change of
-- status locks (storage/billing_week.hpp). status_changed_at is when upsync saw the status
-- change: set at insert, and by the upsert whenever Upwork's status differs from the
-- stored one.
ALTER TABLE upwork_contracts ADD COLUMN status_changed_at timestamptz;

-- When an existing paused or closed contract changed is not known. Before this column a
-- contract synced only while active, so one that has synced changed after its last sync:
-- that time (a lower bound, so no grace lasts longer than it should); any other contract
-- counts from when it was first seen.
UPDATE upwork_contracts c
   SET status_changed_at = COALESCE(
         CASE WHEN c.status <> 'active' THEN
           (SELECT k.last_synced_at FROM upwork_sync_cursors k
             WHERE k.workspace_id = c.workspace_id AND k.contract_id = c.id)
         END,
         c.first_seen_at);

ALTER TABLE upwork_contracts ALTER COLUMN status_changed_at SET DEFAULT now(),
                             ALTER COLUMN status_changed_at SET NOT NULL;
