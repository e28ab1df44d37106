-- Workspace administration (issue 20). A project is archived, not deleted: its intervals keep
-- it, and the wizard stops offering it. A member is deactivated, not deleted: their time
-- stays, their tokens stop working at once (authentication joins on an active member).
ALTER TABLE projects ADD COLUMN archived_at timestamptz;
ALTER TABLE members ADD COLUMN deactivated_at timestamptz;
