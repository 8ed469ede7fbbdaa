-- The report store, version 1: one table per report, keyed as the reports are, so that writing a
-- report again (a replay after a failure, the same backfill twice) updates its row.
CREATE TABLE connwatch.connected_to (
    host         text        NOT NULL,
    window_start timestamptz NOT NULL,
    window_end   timestamptz NOT NULL,
    hosts        text[]      NOT NULL,
    PRIMARY KEY (host, window_start)
);
CREATE TABLE connwatch.connected_from (
    host         text        NOT NULL,
    window_start timestamptz NOT NULL,
    window_end   timestamptz NOT NULL,
    hosts        text[]      NOT NULL,
    PRIMARY KEY (host, window_start)
);
CREATE TABLE connwatch.top_source (
    window_start timestamptz PRIMARY KEY,
    window_end   timestamptz NOT NULL,
    hosts        text[]      NOT NULL,
    connections  bigint      NOT NULL
);
CREATE TABLE connwatch.volume (
    window_start timestamptz PRIMARY KEY,
    window_end   timestamptz NOT NULL,
    connections  bigint      NOT NULL,
    sources      bigint      NOT NULL
);
CREATE TABLE connwatch.interaction (
    from_host   text        NOT NULL,
    to_host     text        NOT NULL,
    start_time  timestamptz NOT NULL,
    end_time    timestamptz NOT NULL,
    connections bigint      NOT NULL,
    PRIMARY KEY (from_host, to_host, start_time)
);
-- Dashboards and retention select by time; a watched host's interactions in both directions.
CREATE INDEX connected_to_window ON connwatch.connected_to (window_start);
CREATE INDEX connected_from_window ON connwatch.connected_from (window_start);
CREATE INDEX interaction_start ON connwatch.interaction (start_time);
CREATE INDEX interaction_to_host ON connwatch.interaction (to_host, start_time);
