-- The leader lease: one row. A replica leads while it holds an unexpired lease; every change of holder
-- (or a lease taken again after it expired) moves the term, the fencing token leader writes carry.
CREATE TABLE leader (
    id         INT         PRIMARY KEY,
    holder     TEXT        NOT NULL,
    term       BIGINT      NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
INSERT INTO leader (id, holder, term, expires_at) VALUES (1, '', 0, 'epoch');
