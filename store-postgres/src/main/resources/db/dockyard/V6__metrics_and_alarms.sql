-- CloudWatch metrics, shared by every replica. One row per metric (namespace, name, dimensions): its
-- key is the SHA-256 of the canonical metric id, its unit the last put's, last_put (epoch ms) what
-- ListMetrics' RecentlyActive reads.
CREATE TABLE metric_series (
    id         BIGSERIAL PRIMARY KEY,
    key        TEXT   NOT NULL UNIQUE,
    namespace  TEXT   NOT NULL,
    name       TEXT   NOT NULL,
    dim_names  TEXT[] NOT NULL,
    dim_values TEXT[] NOT NULL,
    unit       TEXT,
    last_put   BIGINT NOT NULL
);
-- The statistics of each period of each resolution (1 s for high-resolution metrics, 60 s, 3600 s):
-- every put adds to them with an upsert (count and sum add up, min and max widen), so replicas putting
-- the same metric at once add up; retention deletes by (resolution, at).
CREATE TABLE metric_stats (
    series_id  BIGINT           NOT NULL,
    resolution INT              NOT NULL,
    at         BIGINT           NOT NULL,
    count      DOUBLE PRECISION NOT NULL,
    sum        DOUBLE PRECISION NOT NULL,
    min        DOUBLE PRECISION NOT NULL,
    max        DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (series_id, resolution, at)
);
CREATE INDEX metric_stats_age ON metric_stats (resolution, at);
-- The value histogram of each period (buckets 1% wide, as Stats keeps them) that percentiles read;
-- statistic sets have none.
CREATE TABLE metric_buckets (
    series_id  BIGINT           NOT NULL,
    resolution INT              NOT NULL,
    at         BIGINT           NOT NULL,
    bucket     DOUBLE PRECISION NOT NULL,
    n          DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (series_id, resolution, at, bucket)
);
CREATE INDEX metric_buckets_age ON metric_buckets (resolution, at);
-- Metric alarms: each one's definition and state as one JSON document, changed under a row lock.
CREATE TABLE alarms (
    name     TEXT PRIMARY KEY,
    document TEXT NOT NULL
);
-- Alarm history (30 days), in the order it was written.
CREATE TABLE alarm_history (
    id         BIGSERIAL PRIMARY KEY,
    alarm_name TEXT   NOT NULL,
    at_ms      BIGINT NOT NULL,
    at         TEXT   NOT NULL,
    type       TEXT   NOT NULL,
    summary    TEXT   NOT NULL,
    data       TEXT
);
CREATE INDEX alarm_history_age ON alarm_history (at_ms);
