-- Secure mode's audit log (CloudTrail's event history), shared by every control-plane replica
-- (PostgresAuditLog): a row per authenticated call, whichever replica served it. LookupEvents reads
-- newest first through the time index; retention deletes rows past 90 days by time.
CREATE TABLE audit_events (
    seq            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id       TEXT        NOT NULL,
    event_time     TIMESTAMPTZ NOT NULL,
    event_source   TEXT        NOT NULL,
    event_name     TEXT        NOT NULL,
    region         TEXT,
    source_ip      TEXT,
    request_id     TEXT,
    access_key_id  TEXT,
    principal_arn  TEXT,
    principal_type TEXT,
    user_name      TEXT,
    account        TEXT,
    resources      TEXT[]      NOT NULL DEFAULT '{}',
    error_code     TEXT,
    error_message  TEXT
);
CREATE INDEX audit_events_time ON audit_events (event_time DESC, seq DESC);
