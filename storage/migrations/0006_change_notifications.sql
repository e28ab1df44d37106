-- Change notifications for upsyncd's API cache (http/api_cache.hpp). After every statement
-- that changes rows deciding an interval-list answer (time_intervals) or who a bearer
-- token is (api_tokens, members), PostgreSQL notifies the channel
-- 'upsync_workspace_changed' once per distinct workspace id among the changed rows; the
-- payload is that id as text, or '*' after a TRUNCATE (everything changed). Notifications
-- are delivered at commit, and identical ones within a transaction are folded into one,
-- so a 20,000-row batch of one workspace costs one DISTINCT over its transition table and
-- one notification.

-- One function for every event: PL/pgSQL plans a statement when it first runs it, so the
-- branches naming a transition table the event lacks are never planned.
CREATE FUNCTION upsync_notify_workspaces_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    PERFORM pg_notify('upsync_workspace_changed', '*');
  ELSIF TG_OP = 'INSERT' THEN
    PERFORM pg_notify('upsync_workspace_changed', w::text)
      FROM (SELECT DISTINCT workspace_id FROM new_rows) AS changed (w);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM pg_notify('upsync_workspace_changed', w::text)
      FROM (SELECT DISTINCT workspace_id FROM old_rows) AS changed (w);
  ELSE -- an update may move a row to another workspace: both hear of it
    PERFORM pg_notify('upsync_workspace_changed', w::text)
      FROM (SELECT workspace_id FROM new_rows UNION SELECT workspace_id FROM old_rows) AS changed (w);
  END IF;
  RETURN NULL;
END $$;

-- Statement-level triggers, four per table (<table>_inserted, _updated, _deleted,
-- _truncated): PostgreSQL refuses transition tables on a trigger of several events.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['time_intervals', 'api_tokens', 'members'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows'
                   ' FOR EACH STATEMENT EXECUTE FUNCTION upsync_notify_workspaces_changed()', t || '_inserted', t);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows'
                   ' FOR EACH STATEMENT EXECUTE FUNCTION upsync_notify_workspaces_changed()', t || '_updated', t);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows'
                   ' FOR EACH STATEMENT EXECUTE FUNCTION upsync_notify_workspaces_changed()', t || '_deleted', t);
    EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I'
                   ' FOR EACH STATEMENT EXECUTE FUNCTION upsync_notify_workspaces_changed()', t || '_truncated', t);
  END LOOP;
END $$;
