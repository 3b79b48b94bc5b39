-- Issue 12: each audit event says which client, which login, which node and from which network
-- (anonymised: IPv4 /24, IPv6 /48); the trail is searched by time range, so time has its own index.
ALTER TABLE audit_events ADD COLUMN client_id VARCHAR(255);
ALTER TABLE audit_events ADD COLUMN login_id VARCHAR(16);
ALTER TABLE audit_events ADD COLUMN node VARCHAR(64);
ALTER TABLE audit_events ADD COLUMN network VARCHAR(64);
CREATE INDEX audit_events_time ON audit_events (occurred_at);
CREATE INDEX audit_events_client ON audit_events (client_id, occurred_at);

-- Jobs that must run on one node at a time (the audit retention purge): a node holds a job's lease
-- until it expires, and only the holder runs it.
CREATE TABLE job_leases (
    name        VARCHAR(64)              PRIMARY KEY,
    holder      VARCHAR(64)              NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
