-- Upwork's requests per connection and UTC day (issue 19): which grant spends the day's
-- budget, for the operators (metrics, the admin view) and the manager (the status
-- dashboard's organization header). Each node adds what it sent, every second or so;
-- unlike upwork_request_days this counts what was sent, not what was reserved.
CREATE TABLE upwork_connection_request_days (
  workspace_id  bigint NOT NULL,
  connection_id bigint NOT NULL,
  day           date NOT NULL,
  requests      bigint NOT NULL DEFAULT 0 CHECK (requests >= 0),
  PRIMARY KEY (workspace_id, connection_id, day),
  FOREIGN KEY (workspace_id, connection_id) REFERENCES upwork_connections (workspace_id, id) ON DELETE CASCADE
);

-- The admin view's busiest connections of a day, across workspaces.
CREATE INDEX upwork_connection_request_days_by_day ON upwork_connection_request_days (day, requests DESC);
