-- SQS queues shared by every replica. A queue's settings; seq numbers its FIFO messages; purged_at (epoch ms) the last PurgeQueue.
CREATE TABLE sqs_queues (
    name          TEXT    PRIMARY KEY,
    arn           TEXT    NOT NULL,
    fifo          BOOLEAN NOT NULL,
    created_at    BIGINT  NOT NULL,
    last_modified BIGINT  NOT NULL,
    attributes    TEXT    NOT NULL,
    tags          TEXT    NOT NULL,
    seq           BIGINT  NOT NULL DEFAULT 0,
    purged_at     BIGINT  NOT NULL DEFAULT 0
);
-- Names of queues deleted lately (a new queue of the name waits 60 s).
CREATE TABLE sqs_deleted (
    name TEXT PRIMARY KEY,
    at   BIGINT NOT NULL
);
-- The messages: ord keeps the order they were sent in; a receive claims visible rows FOR UPDATE SKIP LOCKED and moves
-- visible_at, receive_count and nonce (its receipt) in the same transaction.
CREATE TABLE sqs_messages (
    id               TEXT    PRIMARY KEY,
    queue            TEXT    NOT NULL,
    ord              BIGSERIAL,
    body             TEXT    NOT NULL,
    attributes       TEXT,
    sys_attributes   TEXT,
    sent_at          BIGINT  NOT NULL,
    group_id         TEXT,
    dedup_id         TEXT,
    sequence_number  TEXT,
    sender_id        TEXT,
    visible_at       BIGINT  NOT NULL,
    receive_count    INT     NOT NULL DEFAULT 0,
    first_receive_at BIGINT  NOT NULL DEFAULT 0,
    nonce            TEXT
);
CREATE INDEX sqs_messages_visible ON sqs_messages (queue, visible_at, ord);
CREATE INDEX sqs_messages_sent ON sqs_messages (queue, sent_at);
CREATE INDEX sqs_messages_group ON sqs_messages (queue, group_id, ord) WHERE group_id IS NOT NULL;
-- FIFO deduplication ids of the last five minutes and the message each admitted.
CREATE TABLE sqs_dedup (
    queue           TEXT   NOT NULL,
    key             TEXT   NOT NULL,
    message_id      TEXT   NOT NULL,
    sequence_number TEXT,
    until           BIGINT NOT NULL,
    PRIMARY KEY (queue, key)
);
