-- One row per record: its first-stored order (seq), version, the revision that last wrote it and its
-- JSON body; a deleted record stays as a tombstone (body NULL) so other replicas catching up see the delete.
CREATE TABLE records (
    kind     TEXT   NOT NULL,
    key      TEXT   NOT NULL,
    seq      BIGINT NOT NULL,
    version  BIGINT NOT NULL,
    revision BIGINT NOT NULL,
    body     TEXT,
    PRIMARY KEY (kind, key)
);
CREATE INDEX records_revision ON records (revision);
-- The head revision: every commit moves it by one with a compare-and-set, which orders all writers.
CREATE TABLE meta (
    name  TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO meta (name, value) VALUES ('head', 0);
