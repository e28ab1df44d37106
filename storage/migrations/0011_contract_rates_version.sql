-- Issue 16, point 4: a rate correction must reach the intervals a writer is committing while
-- it runs. Every change of a contract's manager rates (or the Upwork-side override) bumps its
-- rates_version under a FOR UPDATE lock of the contract row; the engine's plan carries the
-- version its rates were read at, and the writer, which holds the row FOR KEY SHARE while it
-- writes, prices again in SQL the runs of a contract whose version moved on
-- (storage/sync_writer.cpp, storage/rate_in_force_sql.hpp).
ALTER TABLE upwork_contracts ADD COLUMN rates_version bigint NOT NULL DEFAULT 0;
