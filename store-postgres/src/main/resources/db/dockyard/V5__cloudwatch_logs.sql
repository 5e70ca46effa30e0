-- CloudWatch Logs, shared by every control-plane replica (PostgresLogStore). Groups and streams carry
-- surrogate ids that are never reused, so a group or stream deleted and made again under the same name
-- never sees the old one's events. (V3 and V4 are left to the CloudWatch metrics schema.)
CREATE TABLE log_groups (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name           TEXT   NOT NULL UNIQUE,
    creation_time  BIGINT NOT NULL,
    retention_days INT,
    tag_keys       TEXT[] NOT NULL DEFAULT '{}',
    tag_values     TEXT[] NOT NULL DEFAULT '{}'
);
-- A stream's row holds what DescribeLogStreams answers, kept up to date by each append (which locks the
-- row: appends to one stream from any replica take their sequence numbers one after the other).
CREATE TABLE log_streams (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    group_id       BIGINT NOT NULL REFERENCES log_groups (id) ON DELETE CASCADE,
    name           TEXT   NOT NULL,
    creation_time  BIGINT NOT NULL,
    next_sequence  BIGINT NOT NULL DEFAULT 0,
    first_event    BIGINT,
    last_event     BIGINT,
    last_ingestion BIGINT,
    stored_bytes   BIGINT NOT NULL DEFAULT 0,
    UNIQUE (group_id, name)
);
-- One row per event; the message as its UTF-8 bytes (BYTEA: any byte, NUL included). No foreign key (an
-- insert pays no check): the store deletes a stream's events with the stream, under the stream's row lock.
-- Retention deletes by (stream, time) through the second index, in chunks.
CREATE TABLE log_events (
    stream_id  BIGINT NOT NULL,
    sequence   BIGINT NOT NULL,
    event_time BIGINT NOT NULL,
    ingestion  BIGINT NOT NULL,
    message    BYTEA  NOT NULL,
    PRIMARY KEY (stream_id, sequence)
);
CREATE INDEX log_events_time ON log_events (stream_id, event_time);
