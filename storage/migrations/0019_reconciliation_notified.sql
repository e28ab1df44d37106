-- How many mismatched contract-days of the last 14 an organization's reconciliation.mismatch
-- webhook event last reported (issue 20): an event goes out when the count rises above it,
-- once; the count follows it down too, so a later rise is news again.
ALTER TABLE upwork_organizations ADD COLUMN reconciliation_mismatches_notified integer NOT NULL DEFAULT 0;
