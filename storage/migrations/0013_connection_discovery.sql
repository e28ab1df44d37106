-- Connecting in steps (issue 16): the OAuth callback saves the connection and its tokens as
-- soon as the code is exchanged, then discovers its organizations outside any transaction.
-- Discovery may fail (Upwork down, an odd answer): the connection stays, says so, and the
-- engine retries discovery in the background until it succeeds.
--
-- * discovery_status: pending (saved, discovery not finished), done, failed.
-- * discovery_error: a short, secret-free text of the last failure; NULL once done.
-- * discovered_at: when discovery last succeeded.
-- * discovery_failures: failed attempts since the last success (the retry backs off by it).
-- Connections made before this migration were discovered at connect: done.
ALTER TABLE upwork_connections
  ADD COLUMN discovery_status   text NOT NULL DEFAULT 'done'
                                CHECK (discovery_status IN ('pending', 'done', 'failed')),
  ADD COLUMN discovery_error    text,
  ADD COLUMN discovered_at      timestamptz,
  ADD COLUMN discovery_failures integer NOT NULL DEFAULT 0 CHECK (discovery_failures >= 0);
