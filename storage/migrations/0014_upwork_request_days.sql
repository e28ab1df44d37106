-- Upwork's requests per UTC day (issue 19): the daily budget (UPSYNC_UPWORK_DAILY_REQUESTS,
-- Upwork's published limit per API key) counted where a restart cannot reset it, and
-- shared by every node of one deployment (one key). A node reserves requests in small
-- blocks before it sends them: a crash wastes the rest of a block, it never spends more
-- than the budget. Old days are kept for the operator's history (a row a day).
CREATE TABLE upwork_request_days (
  day        date PRIMARY KEY,
  reserved   bigint NOT NULL DEFAULT 0 CHECK (reserved >= 0),
  updated_at timestamptz NOT NULL DEFAULT now()
);
